"""Whom an appointment is for: "para mi hija", "es para mí", "a nombre de mi mamá, Rosa Díaz".

One WhatsApp number books for a whole family. The relation is read only from the patient's own
possessive ("mi hija", "mis hijos", "de mi mamá"), so "papa" is a father only after "mi" and never
a potato, and always proposed as one of ``domain.people.RELATIVES`` (or ``SELF``), never as typed.
A name right after the relation ("para mi hijo Mateo Rojas", "es para mi papá, Jorge Díaz") is the
patient's; the engine checks it is no doctor's.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

from adapters.offline_nlu.names import NameReading, read_name_at
from adapters.offline_nlu.text import FoldedText, Span, unaccented, word_set
from domain.people import RELATIVES, SELF, relative

# How patients call their relatives, folded, beyond the list's own words (which fold to themselves:
# "mamá" -> "mama"): diminutives and colloquial forms, each mapped to the list's word.
_COLLOQUIAL = {
    "mami": "mamá", "mamita": "mamá", "mamy": "mamá", "vieja": "mamá", "viejita": "mamá",
    "papi": "papá", "papito": "papá", "papy": "papá", "viejo": "papá", "viejito": "papá",
    "hijito": "hijo", "hijita": "hija", "nene": "hijo", "nena": "hija", "nino": "hijo", "nina": "hija",
    "hijas": "hijos", "hijitos": "hijos", "hijitas": "hijos", "ninos": "hijos", "ninas": "hijos",
    "guaguita": "guagua", "bebito": "bebé", "bebita": "bebé", "mujer": "esposa",
    "hermanito": "hermano", "hermanita": "hermana",
    "abuelito": "abuelo", "abuelita": "abuela", "tata": "abuelo", "nono": "abuelo", "nona": "abuela",
    "nietito": "nieto", "nietita": "nieta", "sobrinito": "sobrino", "sobrinita": "sobrina",
    "suegrita": "suegra", "suegrito": "suegro",
    # Other countries' words for a child: "chamaco" (Mexico), "pibe" (Argentina), "crío" (Spain),
    # "chamo" (Venezuela), "chino" (Peru, Colombia), "cipote" (Central America), "chiquito".
    "chamaco": "hijo", "chamaca": "hija", "chamaquito": "hijo", "chamaquita": "hija",
    "pibe": "hijo", "piba": "hija", "pibito": "hijo", "pibita": "hija", "pibes": "hijos",
    "crio": "hijo", "cria": "hija", "crios": "hijos", "chamito": "hijo", "chamita": "hija",
    "cipote": "hijo", "cipota": "hija", "chiquito": "hijo", "chiquita": "hija", "chamacos": "hijos",
    "chamo": "hijo", "chama": "hija", "chamos": "hijos",
    "chino": "hijo", "chinito": "hijo", "chinita": "hija",
    # Parents: "mi jefa" (Mexico: mom), "mi amá", "mi apá" (rural Mexico).
    "jefa": "mamá", "jefecita": "mamá", "jefita": "mamá", "jefecito": "papá", "jefito": "papá",
    "ama": "mamá", "apa": "papá", "amita": "mamá",
    # Partners: "mi enamorada" (Peru), "mi cónyuge", "mi maridito".
    "enamorado": "novio", "enamorada": "novia", "conyuge": "pareja", "maridito": "marido",
    "esposito": "esposo", "esposita": "esposa",
    # Grandparents in Spain ("yaya"), and the rest's diminutives.
    "yaya": "abuela", "yayo": "abuelo", "bisabuelito": "bisabuelo", "bisabuelita": "bisabuela",
    "primito": "primo", "primita": "prima", "tita": "tía", "tiita": "tía", "tiito": "tío",
}  # fmt: skip

_FORMS: dict[str, str] = {unaccented(word): word for word in RELATIVES} | _COLLOQUIAL
if _stray := sorted(word for word in _FORMS.values() if relative(word) != word):
    raise ValueError(f"relations outside domain.people.RELATIVES: {_stray}")


_REL = "(?P<rel>" + "|".join(sorted(_FORMS, key=len, reverse=True)) + r")(?![a-z'’-])"
# "mi hija", "mis hijos", "mis dos hijos".
_MY = r"mis?\s+(?:(?:dos|tres|cuatro|\d)\s+)?"
# What may stand between the relative and a name or a verb: "mi hijo mayor, Mateo".
_DESCRIBED = word_set(
    "menor mayor chica chico chiquita chiquito pequena pequeno pequenita pequenito grande mediana",
    "mediano mayorcita mayorcito menorcita menorcito",
)
_DESCRIPTION = "(?:" + "|".join(sorted(_DESCRIBED, key=len, reverse=True)) + ")"
# What a relative as the subject does when an appointment is for them: "mi esposo necesita una hora".
_VERB = (
    r"(?:necesita|necesitan|necesitaria|quiere|quieren|quisiera|requiere|tiene|tienen|tenia|debe|deben"
    r"|va|van|ocupa|ocupan|anda|andan|sufre|sigue|tuvo|perdio|le|les|se"
    r"|estan?\s+(?:enferm|con\b|mal\b|malit|resfriad|adolorid|hinchad|embarazad|sangr|grave|muy))"
)

# Every cue is a "mi hija" (or "mis hijos"), told apart by what stands around it. Those around are
# matched backwards from it within a few characters (``_LOOK_BACK``), so a message is scanned once.
_RELATIVE = re.compile(rf"\b{_MY}{_REL}")
_LOOK_BACK = 24
# Strongest: "para mi hija", "pa' mi mamá", "a nombre de mi hija", "la hora de mi papá", "escribo
# de parte de mi mamá", "llamo por mi hijo".
_FOR_BEFORE = re.compile(
    r"(?:\bpara|\bpa['’]?|\ba\s+nombre\s+de|\bde\s+parte\s+de|\b(?:llamo|escribo|pregunto|consulto)\s+por"
    r"|\b(?:hora|cita|turno|consulta|reserva|control)s?\s+(?:de|del))\s+$"
)
# Weaker: "es mi hija", "mi esposo necesita una hora", "Jorge Díaz, mi papá", a bare "mi hija".
_IS_BEFORE = re.compile(r"\b(?:es|son|seria|sera|era)\s+$")
_DOES_AFTER = re.compile(rf"\s+(?:{_DESCRIPTION}\s+)?(?:de\s+\d+\s+(?:anos|anitos|meses)\s+)?{_VERB}")
_ALONE_BEFORE = re.compile(r"(?:^|[^\w\s])\s*(?:(?:y|hola|es|son)\s+)?$")
_ALONE_AFTER = re.compile(r"\s*(?:[^\w\s]|$)")
# Weakest: any "mi hija", which says whom only with a name after it ("mi hija Sofía necesita..."),
# capitalised unless the bot just asked for it: "mi viejo celular" names no one.

# "para mí": for the writer, unless a relative follows ("para mi hija") or it is an opinion
# ("para mí es mejor el lunes"). Unaccented, "para mi" is "para mí" only at the end of the message
# or of a clause, or with "misma", "persona"...: "para mi es importante" is no booking.
_FOR_ME = re.compile(r"\b(?:para|pa['’]?)\s+mi(?![a-z])")
_RELATIVE_AFTER = re.compile(rf"\s+(?:(?:dos|tres|cuatro|\d)\s+)?{_REL}")
_MYSELF = re.compile(r"\s+(?:mism[oa]|persona|sol[oa]|solit[oa]|solamente|nomas|no\s+mas)\b")
_COURTESY = r"(?:por\s+favor|porfa|porfis|xfa|plis|pls|gracias|po|pues)"
_ENDS = re.compile(rf"(?:\s+{_COURTESY}\b)*\W*$|\s*[,;:.!?)]")
_OPINION = word_set(
    "es era seria sera fue esta estaria mejor peor lo la el que no igual da conviene queda sirve",
    "funciona personalmente siempre mas muy eso esto importante dificil facil complicado",
)
_NEXT_WORD = re.compile(r"\W*([a-z]+)")
_ARTICLES = frozenset({"el", "la", "los", "las"})
_OPINION_VERB = re.compile(
    r"\b(?:es|era|seria|sera|fue|son|esta|estaria|mejor|peor|conviene|queda|quedaria|sirve|importa|importante"
    r"|funciona|da|gusta|parece|prefiero)\b"
)
_SENTENCE_END = re.compile(r"[.!?\n]")
# Other ways to say it is for the writer: "soy yo", "yo misma", "a mi nombre", a bare "yo".
_SELF = re.compile(r"\bsoy\s+yo\b|\byo\s+mism[oa]\b|\ba\s+mi\s+nombre\b")
_ONLY_SELF = re.compile(
    r"\W*(?:(?:es|seria|sera)\s+)?yo(?:\s+(?:nomas|no\s+mas|sol[oa]|po|pues))?\W*$|\W*yo\s*(?=[,:])"
)
# "no es para mí, es para mi mamá": a cue ruled out right before it.
_RULED_OUT = re.compile(r"\bno\s+(?:(?:es|era|seria|sera)\s+)?(?:solo\s+)?$")

# Between a relative and their name: "mi hijo mayor, Mateo", "mi hija de 7 años, Sofía", "mi mamá, se
# llama Rosa", "la Sofía", "la señora Rosa Díaz".
_BEFORE_NAME = re.compile(
    rf"(?:\s+{_DESCRIPTION}(?![a-z]))?(?:\s+de\s+\d+\s+(?:anos|anitos|meses))?\s*(?:[,:(-]|\.(?!\d))?\s*"
    r"(?:(?:y\s+)?(?:(?:que\s+)?se\s+llama|de\s+nombre|llamad[oa]|(?:su|el)\s+nombre\s+es)(?![a-z])\s*:?\s*)?"
    # A title before the name: "mi mamá, la señora Rosa Díaz", "mi papá don Jorge".
    r"(?:(?:(?:la|el)\s+)?(?:senora|senor|sra|sr|don|dona)\b\.?\s*)?"
    r"(?:(?P<article>la|el)\s+)?"
)
# Words that end a name read after a relative, capitals or not: "para mi hija Sofía tiene dolor".
_NOT_NAMES = (
    word_set(
        "ella ellos ellas este ese esa eso esto aqui ahi aca alla",
        "tiene tienen tenia tuvo necesita necesitan necesitaria quiere quieren quisiera requiere debe deben",
        "va van vaya viene vienen puede pueden podria ocupa ocupan anda andan sufre sigue esta estan estaba",
        "fue era sera seria ha hay perdio igual solo sola solamente nomas mas menos muy mal ahora luego",
        "despues antes pronto urgente urgencia todavia aun porque pq xq pues po cuando donde como quien",
        "cual ni xfa xfavor plis pls porfis tb tmb sin sobre hasta desde entre hacia segun durante",
        "mediodia dolor muela muelas diente dientes control revision tratamiento enferma enfermo",
        "embarazada mismo misma persona ja jaja jajaja je jeje mm mmm eh ah uh ups pa pal pa'",
        "adolescente recien nacida nacido anciana anciano regalona regalon preciosa hermosa querida querido",
    )
    | _DESCRIBED
    | frozenset(_FORMS)
)

_STRONG, _WEAK, _NAMED_ONLY = 3, 2, 1


@dataclass(frozen=True, slots=True)
class PersonReading:
    """Whom the appointment is for: ``relation`` (one of ``RELATIVES`` or ``SELF``), the name said
    right after it if any, and ``span``, the words that say it (in the folded text)."""

    relation: str
    name: NameReading | None
    span: Span


def is_relative_word(word: str) -> bool:
    """Whether a folded word names a relative ("mama", "hija", "mami"): never a patient's name."""
    return word in _FORMS


def read_person(
    folded: FoldedText, stops: tuple[Span, ...] = (), *, name_asked: bool = False
) -> PersonReading | None:
    """Whom a message says the appointment is for, with their name if said right after; None if unsaid.

    The strongest cue wins ("para mi hija" over "mi hija tiene..."), then the first one. ``stops``
    are spans a name cannot run into (a service named: "para mi hijo Mateo limpieza");
    ``name_asked`` when the bot has just asked for the patient's name ("mi hija sofia").
    """
    best: tuple[tuple[int, int], PersonReading] | None = None
    for cue in _cues(folded):
        if _RULED_OUT.search(folded.text, 0, cue.span[0]):
            continue
        name = _name_after(folded, cue.name_from, stops)
        if cue.strength == _NAMED_ONLY and not (
            name is not None and (name_asked or folded.is_capitalised_at(name.span[0]))
        ):
            continue
        rank = (-cue.strength, cue.span[0])
        if best is None or rank < best[0]:
            best = (rank, PersonReading(cue.relation, name, cue.span))
    return best[1] if best is not None else None


class _Cue(NamedTuple):
    strength: int
    relation: str
    span: Span  # the words that say whom
    name_from: int  # where a name may follow


def _cues(folded: FoldedText) -> list[_Cue]:
    """Every cue for whom in a message."""
    text = folded.text
    cues: list[_Cue] = []
    if "mi" in text:  # "mi", "mis", "mí": most messages have none, and need no more scanning
        cues.extend(_relative_cue(text, found) for found in _RELATIVE.finditer(text))
        for found in _FOR_ME.finditer(text):
            end = _for_me_ends(folded, found)
            if end is not None:
                cues.append(_Cue(_STRONG, SELF, (found.start(), end), end))
    if "yo" in text or "mi" in text:
        cues.extend(_Cue(_STRONG, SELF, found.span(), found.end()) for found in _SELF.finditer(text))
        only = _ONLY_SELF.match(text)
        if only:
            cues.append(_Cue(_STRONG, SELF, only.span(), only.end()))
    return cues


def _relative_cue(text: str, found: re.Match[str]) -> _Cue:
    """How strongly a "mi <relative>" says whom, by the words around it."""
    relation, start, end = _FORMS[found["rel"]], found.start(), found.end()
    back = max(0, start - _LOOK_BACK)
    if before := _FOR_BEFORE.search(text, back, start):
        return _Cue(_STRONG, relation, (before.start(), end), end)
    if before := _IS_BEFORE.search(text, back, start):
        return _Cue(_WEAK, relation, (before.start(), end), end)
    if _DOES_AFTER.match(text, end):
        return _Cue(_WEAK, relation, (start, end), end)
    if _ALONE_AFTER.match(text, end) and (before := _ALONE_BEFORE.search(text, back, start)):
        return _Cue(_WEAK, relation, (before.start(), end), end)
    return _Cue(_NAMED_ONLY, relation, (start, end), end)


def _for_me_ends(folded: FoldedText, found: re.Match[str]) -> int | None:
    """Where "para mí" ends when it means the writer (after "misma", "persona"...); else None."""
    text, end = folded.text, found.end()
    if _RELATIVE_AFTER.match(text, end):
        return None  # "para mi hija": a relative's cue
    myself = _MYSELF.match(text, end)
    if myself:
        return myself.end()
    if not _ENDS.match(text, end) and not _typed_accent(folded, end - 2, end):
        return None  # "para mi es importante...": the possessive of something else
    after = _NEXT_WORD.match(text, end)
    if after and after[1] in _ARTICLES:
        # "para mí, el martes a las 9" says whom; "para mí, el lunes es mejor" is an opinion.
        clause = _SENTENCE_END.search(text, end)
        rest = text[end : clause.start() if clause else len(text)]
        return None if _OPINION_VERB.search(rest) else end
    if after and after[1] in _OPINION:
        return None  # "para mí es mejor el lunes", "para mi, lo más importante..."
    return end


def _typed_accent(folded: FoldedText, start: int, end: int) -> bool:
    """Whether the patient wrote "mí" (with its accent, precomposed or not) at ``text[start:end]``."""
    first, last = folded.origin[start], folded.origin[end - 1]
    typed = folded.original[first : last + 2]  # a combining accent follows its letter
    return "í" in unicodedata.normalize("NFC", typed).lower()


def _name_after(folded: FoldedText, start: int, stops: tuple[Span, ...]) -> NameReading | None:
    """The name right after a cue ("para mi hija Sofía", "para mi mamá, se llama Rosa"), if any."""
    lead = _BEFORE_NAME.match(folded.text, start)
    if lead is None:  # pragma: no cover - every part of it is optional
        return None
    begin = lead.end()
    if begin >= len(folded.text) or (lead["article"] and not folded.is_capitalised_at(begin)):
        return None  # "la Sofía" is a name, "la tarde" is not
    end = min((s for s, e in stops if e > begin), default=None)
    name = read_name_at(folded, begin, end, _NOT_NAMES)
    if name is None or len(folded.text[slice(*name.span)].split()[0]) < 2:
        return None  # "para mi mamá x favor"
    return name
