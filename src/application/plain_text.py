"""Text from outside (Meta's deliveries, staff, a terminal) made fit to store and to send.

JSON can carry what no store holds: ``\\u0000`` (PostgreSQL's ``text`` refuses it) and an unpaired
surrogate escape such as ``\\ud83d`` (no UTF-8 encoder takes it). Other control characters are
invisible in every screen that shows a message, and a terminal may act on them. So every edge
passes what people wrote through here: a patient's message is cleaned (it cannot be sent back),
what staff type is refused with a clear error (they can fix it).

Kept: tabs and line breaks (a carriage return becomes a line break), and everything printable,
emoji sequences included (ZWJ U+200D and variation selectors are format characters, not controls).
"""

from __future__ import annotations

import re

# C0 controls but tab and line feed, DEL, C1 controls, and surrogates (which in a decoded ``str``
# are always unpaired: a valid pair decodes to one character). A carriage return is among them
# because it is rewritten as a line break.
_UNFIT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROLS = [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]
_REPLACED: dict[str, str | None] = {chr(code): None for code in _CONTROLS}
_REPLACED.update({chr(code): "\ufffd" for code in range(0xD800, 0xE000)})
_REPLACED["\r"] = "\n"
_CLEANING = str.maketrans(_REPLACED)
# What a person typing may send: tabs and line breaks (a browser's form sends CR LF), nothing else.
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def clean(text: str) -> str:
    """``text`` without control characters (tab and line breaks kept, CR LF and CR as LF), with
    U+FFFD in place of each unpaired surrogate. Returns ``text`` itself when it is already clean."""
    if _UNFIT.search(text) is None:
        return text
    return text.replace("\r\n", "\n").translate(_CLEANING)


def refused_character(text: str) -> str | None:
    """The first character of ``text`` a person's message may not hold, as ``U+0000``; None when
    there is none (tabs and line breaks are fine). For an error message: it never quotes the text."""
    found = _REFUSED.search(text)
    return f"U+{ord(found.group()):04X}" if found is not None else None
