"""Whether a day or time an English message mentions is one the patient rules out ("can't do monday")."""

from __future__ import annotations

import re

from adapters.offline_nlu.text import Span

# Where one idea ends and the next begins ("not monday, but tuesday works"); a dot or colon between
# digits is part of a time ("4:30"). The Spanish break words live in ``text.CLAUSE_BREAK``.
CLAUSE_BREAK = re.compile(
    r"[,;!?\n]|[.:](?!\d)|\b(?:instead|rather|though|although|actually)\b"
    # "any day but friday" is one idea: the "but" excepts, it does not turn.
    r"|(?<!any day )(?<!anything )(?<!anytime )(?<!any time )(?<!all )\bbut\b"
)

# A refusal earlier in the clause: "i can't do monday", "monday doesn't work" (after), "cancel friday".
_REFUSED_BEFORE = re.compile(
    r"\b(?:can'?t|cannot|cant|can\s+not|couldn'?t|won'?t|wont|unable\s+to|not\s+able\s+to)\s+"
    r"(?:(?:do|make|come|go|manage|be\s+there|attend|get\s+there)\b|(?=on\b|this\b|next\b|at\b))"
    r"|\b(?:i'?m|i\s+am|we'?re|we\s+are)\s+(?:not\s+(?:free|available|around)|busy|away|working|out)\b"
    r"|\b(?:anything|any\s+day|any\s+time|anytime)\s+(?:but|except)\b|\bexcept\b"
    r"|\b(?:cancel|drop)[a-z]*\b"
)
# A plain "not" right before: "not monday", "not on friday", "not at 4", "no mornings".
_NO_RIGHT_BEFORE = re.compile(
    r"\b(?:not|no|never)\s+(?:(?:on|at|in|this|the|for|too|so|very|that|super)\s+)*$"
)
# After it: "monday doesn't work", "friday is no good", "tomorrow's not possible", "4pm won't work".
_REFUSED_AFTER = re.compile(
    r"\s*(?:(?:'s|is|are|would\s+be)\s+)?(?:(?:doesn'?t|does\s+not|don'?t|do\s+not|won'?t|wont|will\s+not|isn'?t|is\s+not"
    r"|not|no)\s+(?:work|good|possible|ok|okay|suit|do|great|ideal|an\s+option)\b|\s*(?:no|not)\b(?=\W*$)"
    r"|\s*(?:is\s+)?(?:out|bad|impossible)\b|\s+i\s+(?:can'?t|cannot|cant|can\s+not)\b)"
)


def clause_bounds(text: str, start: int, end: int) -> Span:
    """The clause around ``text[start:end]``: from the last break before it to the next one after."""
    begin = 0
    for found in CLAUSE_BREAK.finditer(text, 0, start):
        begin = found.end()
    after = CLAUSE_BREAK.search(text, end)
    return begin, after.start() if after else len(text)


def is_refused(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` (folded) is something the patient says they cannot do."""
    begin, finish = clause_bounds(text, start, end)
    before = text[begin:start]
    return bool(
        _REFUSED_BEFORE.search(before)
        or _NO_RIGHT_BEFORE.search(before)
        or _REFUSED_AFTER.match(text, end, finish)
    )


# A service ruled out right before its words (already in the clinic's): "not a cleaning", "no whitening",
# "i don't want a checkup", "rather than a cleaning", "instead of the extraction".
_SERVICE_REFUSED_BEFORE = re.compile(
    r"\b(?:not|no|never|without|rather\s+than|instead\s+of|no\s+need\s+for"
    r"|(?:don'?t|do\s+not|doesn'?t|does\s+not|didn'?t|did\s+not)\s+(?:want|need|mean))"
    r"\s+(?:(?:a|an|the|any|my|his|her|their|our|another)\s+)?$"
)
_SERVICE_LOOK_BACK = 40


def is_service_refused(text: str, start: int, end: int) -> bool:
    """Whether the service named at ``text[start:end]`` (folded, in the clinic's words) is one the
    patient rules out: "not a cleaning, a checkup" names the checkup."""
    del end  # what follows a service never rules it out in English: "cleaning, not whitening" does so before
    return bool(_SERVICE_REFUSED_BEFORE.search(text, max(0, start - _SERVICE_LOOK_BACK), start))
