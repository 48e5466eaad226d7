"""Whether a day or time the patient mentions is one they rule out ("no puedo el lunes")."""

from __future__ import annotations

import re

from adapters.offline_nlu.text import clause_bounds

# A refusal earlier in the same clause: "no puedo el lunes", "cancelar la cita del martes".
# A bare "no" is not enough: "¿no tienen hora mañana?" still asks for tomorrow.
_REFUSED_BEFORE = re.compile(
    r"\bno\s+(?:me\s+|nos\s+|lo\s+|la\s+|le\s+)?"
    r"(?:puedo|podre|podria|podemos|puede|sirve|acomoda|queda|viene|conviene|alcanzo|estoy|estare|"
    r"voy|quiero|quisiera|necesito|funciona|resulta)\b"
    r"|\b(?:cancel|anul|olvid)[a-z]*\b"
)

# A plain "no" right before the mention: "no el lunes, el martes".
_NO_RIGHT_BEFORE = re.compile(r"\bno\s+(?:(?:para\s+)?(?:el|la|los|las|este|esta)\s+)?$")

# A refusal right after it: "hoy no", "el lunes no puedo", "en la tarde tampoco".
# Matched from the mention's end with ``match(text, pos)``, where ``^`` would never match.
_REFUSED_AFTER = re.compile(r"\s*(?:no\b(?!\s+hay\s+problema)|tampoco\b)")


def is_refused(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` (folded) is something the patient says they cannot do."""
    begin, finish = clause_bounds(text, start, end)
    before = text[begin:start]
    return bool(
        _REFUSED_BEFORE.search(before)
        or _NO_RIGHT_BEFORE.search(before)
        or _REFUSED_AFTER.match(text, end, finish)
    )
