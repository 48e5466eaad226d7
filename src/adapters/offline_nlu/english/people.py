"""Whom an appointment is for, in English: "for my son", "my mom needs a checkup", "it's for me".

The relation is read only from the patient's own possessive ("my son", "my kids") and always
proposed as one of ``domain.people.RELATIVES`` (or ``SELF``), in the clinic's words: "my son" is
"hijo", "my mom" "mamá". A name right after the relation ("for my son Tom") is the patient's.
"""

from __future__ import annotations

import re

from adapters.offline_nlu.english.names import STOP, name_at
from adapters.offline_nlu.names import NameReading
from adapters.offline_nlu.people import PersonReading
from adapters.offline_nlu.text import FoldedText, Span
from domain.people import SELF, relative

# Folded English words for a relative, each mapped to the list's word.
FORMS: dict[str, str] = {
    "son": "hijo", "boy": "hijo", "lad": "hijo", "kid": "hijo", "child": "hijo", "little one": "hijo",
    "daughter": "hija", "girl": "hija", "kids": "hijos", "children": "hijos", "sons": "hijos",
    "daughters": "hijos", "boys": "hijos", "girls": "hijos", "twins": "hijos",
    "baby": "bebé", "toddler": "bebé",
    "mom": "mamá", "mum": "mamá", "mommy": "mamá", "mummy": "mamá", "mama": "mamá", "momma": "mamá",
    "ma": "mamá",
    "mother": "madre", "dad": "papá", "daddy": "papá", "papa": "papá", "pops": "papá", "pa": "papá",
    "father": "padre", "wife": "esposa", "husband": "esposo", "hubby": "esposo", "partner": "pareja",
    "spouse": "pareja", "boyfriend": "novio", "girlfriend": "novia", "bf": "novio", "gf": "novia",
    "fiance": "novio", "fiancee": "novia", "brother": "hermano", "bro": "hermano", "sister": "hermana",
    "sis": "hermana", "grandpa": "abuelo", "granddad": "abuelo", "grandad": "abuelo", "grandfather": "abuelo",
    "gramps": "abuelo", "grandma": "abuela", "granny": "abuela", "gran": "abuela", "nana": "abuela",
    "grandmother": "abuela", "nan": "abuela", "grandson": "nieto", "granddaughter": "nieta",
    "grandkids": "nieto", "grandchild": "nieto", "great grandpa": "bisabuelo", "great grandma": "bisabuela",
    "great-grandpa": "bisabuelo", "great-grandma": "bisabuela", "uncle": "tío", "aunt": "tía",
    "auntie": "tía", "aunty": "tía", "nephew": "sobrino", "niece": "sobrina", "cousin": "primo",
    "father-in-law": "suegro", "father in law": "suegro",
    "mother-in-law": "suegra", "mother in law": "suegra",
    "brother-in-law": "cuñado", "brother in law": "cuñado",
    "sister-in-law": "cuñada", "sister in law": "cuñada",
    "son-in-law": "yerno", "son in law": "yerno", "daughter-in-law": "nuera", "daughter in law": "nuera",
    "stepdad": "padrastro", "stepfather": "padrastro", "stepmom": "madrastra", "stepmum": "madrastra",
    "stepmother": "madrastra", "stepson": "hijastro", "stepdaughter": "hijastra", "godfather": "padrino",
    "godmother": "madrina", "godson": "ahijado", "goddaughter": "ahijada", "friend": "amigo",
    "buddy": "amigo", "mate": "amigo",
    "missus": "esposa", "missis": "esposa", "wifey": "esposa", "other half": "pareja",
    "better half": "pareja", "hubs": "esposo", "step son": "hijastro", "step-son": "hijastro",
    "step daughter": "hijastra", "step-daughter": "hijastra", "step dad": "padrastro",
    "step-dad": "padrastro", "step mom": "madrastra", "step-mom": "madrastra", "step mum": "madrastra",
    "step-mum": "madrastra", "little man": "hijo",
}  # fmt: skip
if _stray := sorted(word for word in FORMS.values() if relative(word) != word):
    raise ValueError(f"relations outside domain.people.RELATIVES: {_stray}")

_REL = (
    "(?P<rel>"
    + "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in sorted(FORMS, key=len, reverse=True))
    + r")(?:(?='s\b)|(?![a-z'-]))"
)
_DESCRIBED = (
    r"(?:(?:little|older|younger|oldest|youngest|elder|eldest|big|baby|teenage|teen"
    r"|\d+\s*(?:yo|y/o|year\s+old|yr\s+old))\s+)?"
)
# "the wife", "the missus", "the kids": said of one's own as "my".
_THE_OWN = r"the(?=\s+(?:wife|missus|missis|hubby|husband|kids|other\s+half)\b)"
_MY = rf"\b(?:my|our|{_THE_OWN})\s+(?:(?:two|three|four|2|3|4)\s+)?{_DESCRIBED}"
_RELATIVE = re.compile(rf"{_MY}{_REL}(?:'s)?")
# Strong: "for my son", "book my mom", "bring my daughter". Weak: "it's my son", "my son needs...".
_FOR_BEFORE = re.compile(
    r"\b(?:for|book|booking|bring|bringing|take|taking|schedule|get|see|appointment\s+for|appt\s+for)\s+$"
)
_IS_BEFORE = re.compile(
    r"\b(?:it'?s|its|it\s+is|it\s+would\s+be|it'?ll\s+be|patient\s+is|this\s+is\s+for"
    r"|can|could|may|would|will|does|is)\s+$"
)
_DOES_AFTER = re.compile(
    r"(?:'s)?\s+(?:needs?|has|have|had|wants?|would|is|was|will|should|broke|chipped|lost|got|feels?|comes?"
    r"|complains?|hurt|hurts"
    # What was said may already be in the clinic's words: "my son broke a tooth" -> "my son diente roto".
    r"|diente\s+roto|dolor\s+de\s+muela|hinchazon)\b"
)
# "my son's tooth", "my daughter's braces" (in the clinic's words by now: "muela", "brackets").
_THEIRS_AFTER = re.compile(
    r"\s+(?:tooth|teeth|molar|mouth|gums?|jaw|face|braces|brackets|appointment|appt|checkup|cleaning|filling"
    r"|dolor|muela|diente|limpieza|chequeo|blanqueamiento|extraccion|hinchazon|emergencia|control|cara)\b"
)
_FOR_SELF = re.compile(
    r"(?<!works )(?<!work )(?<!good )(?<!fine )(?<!ok )(?<!okay )(?<!great )(?<!perfect )"
    r"\bfor\s+(?:me|myself|moi)\b(?!\s+(?:and|&|\+)\b)|\b(?:just|only)\s+(?:me|myself)\b|\bit'?s\s+(?:for\s+)?me\b"
    r"|\bmyself\b|^\W*me\W*$|\bunder\s+my\s+name\b|\bin\s+my\s+name\b"
)
_RULED_OUT = re.compile(r"\b(?:not|isn'?t|it'?s\s+not)\s+(?:for\s+)?$")
# Between a relative and their name: "my son, Tom", "my daughter called Sofia", "my mom (Rosa)".
_BEFORE_NAME = re.compile(
    r"\s*(?:[,:(-]\s*)?(?:(?:who'?s\s+|he'?s\s+|she'?s\s+)?(?:called|named|name'?s|name\s+is)\s+)?"
)
_NOT_NAMES = (
    STOP | frozenset(FORMS) | frozenset({"has", "needs", "is", "was", "who", "broke", "tooth", "teeth"})
)

_STRONG, _WEAK, _NAMED_ONLY = 3, 2, 1
_LOOK_BACK = 40


def is_relative_word(word: str) -> bool:
    """Whether a folded word names a relative ("mom", "son"): never a patient's name."""
    return word in FORMS


def read_person(
    folded: FoldedText, stops: tuple[Span, ...] = (), *, name_asked: bool = False
) -> PersonReading | None:
    """Whom an English message says the appointment is for, with their name if said right after."""
    text = folded.text
    best: tuple[tuple[int, int], PersonReading] | None = None
    cues: list[tuple[int, str, Span, int]] = []
    for found in _RELATIVE.finditer(text):
        relation, start, end = FORMS[" ".join(found["rel"].split())], found.start(), found.end()
        back = max(0, start - _LOOK_BACK)
        if before := _FOR_BEFORE.search(text, back, start):
            cues.append((_STRONG, relation, (before.start(), end), end))
        elif before := _IS_BEFORE.search(text, back, start):
            cues.append((_WEAK, relation, (before.start(), end), end))
        elif _DOES_AFTER.match(text, end) or (found[0].endswith("'s") and _THEIRS_AFTER.match(text, end)):
            # "my son needs...", "my son's tooth": a verb or a thing of theirs follows, no name.
            cues.append((_WEAK, relation, (start, end), -1))
        else:
            cues.append((_NAMED_ONLY, relation, (start, end), end))
    for found in _FOR_SELF.finditer(text):
        cues.append((_STRONG, SELF, found.span(), found.end()))
    for strength, relation, span, name_from in cues:
        if _RULED_OUT.search(text, max(0, span[0] - _LOOK_BACK), span[0]):
            continue
        name = _name_after(folded, name_from, stops) if relation != SELF and name_from >= 0 else None
        if strength == _NAMED_ONLY and not (
            name is not None and (name_asked or folded.is_capitalised_at(name.span[0]))
        ):
            continue
        rank = (-strength, span[0])
        if best is None or rank < best[0]:
            best = (rank, PersonReading(relation, name, span))
    return best[1] if best is not None else None


def _name_after(folded: FoldedText, start: int, stops: tuple[Span, ...]) -> NameReading | None:
    lead = _BEFORE_NAME.match(folded.text, start)
    begin = lead.end() if lead else start
    if begin >= len(folded.text):
        return None
    end = min((s for s, e in stops if e > begin), default=None)
    name = name_at(folded, begin, end, _NOT_NAMES)
    if name is None or len(folded.text[slice(*name.span)].split()[0]) < 2:
        return None
    return name
