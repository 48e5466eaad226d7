"""Which part of the day an English message prefers ("in the morning", "after lunch", "tonight")."""

from __future__ import annotations

import re

from adapters.offline_nlu.english.negation import is_refused
from domain.when import DayPart

# "am" or "pm" alone right after a day (its date already blanked out): "fri 22nd am", "tomorrow pm?".
_DAY_THEN = r"(?:\b(?:[a-z]+day|tomorrow|today|sat|sun)|^)\s*(?<![a-z])"
_ALONE = r"(?=\s*(?:$|[,.!?;)]|(?:please|pls|or|if|ideally|preferably|only|slot|works?|is)\b))"

# Run after clock times are masked: in "4 in the afternoon" the "afternoon" was the meridiem.
# "good morning" greets; "good evening" too.
_PARTS = (
    (
        DayPart.MORNING,
        re.compile(
            r"(?<!good )\bmornings?\b|\bmorn\b|\bfirst\s+thing\b|\bmid-?\s?morning\b"
            r"|\bfirst\s+(?:appointment|appt|slot)\s+(?:of\s+the\s+day|in\s+the\s+morning|tomorrow|today"
            r"|(?:on\s+)?[a-z]+day)\b"
            r"|\bearly\b(?!\s+(?:afternoon|evening|next|in\s+the\s+week|this\s+week))"
            r"|\bbefore\s+(?:lunch|noon|midday)\b|\bin\s+the\s+am\b|\ba\.?m\.?\s+(?:slot|appointment)s?\b"
            rf"|{_DAY_THEN}a\.?m\b\.?{_ALONE}"
        ),
    ),
    (
        DayPart.AFTERNOON,
        re.compile(
            r"(?<!good )\bafternoons?\b|\barvo\b|\bafter\s+(?:lunch|noon|midday)\b"
            r"|\bin\s+the\s+pm\b|\bp\.?m\.?\s+(?:slot|appointment)s?\b"
            r"|\bafter\s+(?:school|class|classes|college|uni|nursery|daycare|kindy|kindergarten)\b"
            rf"|{_DAY_THEN}p\.?m\b\.?{_ALONE}"
        ),
    ),
    (
        DayPart.EVENING,
        re.compile(
            r"(?<!good )\bevenings?\b|\btonight\b|\b(?:at|tomorrow|[a-z]+day)\s+night\b|\bafter\s+work\b"
        ),
    ),
)


def read_part(text: str) -> DayPart | None:
    """The first part of the day a folded message asks for and does not rule out."""
    found: list[tuple[int, DayPart]] = []
    for part, pattern in _PARTS:
        found.extend(
            (match.start(), part) for match in pattern.finditer(text) if not is_refused(text, *match.span())
        )
    return min(found, key=lambda pair: pair[0], default=(0, None))[1]
