"""The patient's own name: after "me llamo", "soy"..., or alone when the bot has just asked for it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from adapters.offline_nlu.dates import WEEKDAYS
from adapters.offline_nlu.text import WORD, FoldedText, Span

MAX_NAME_WORDS = 4

# The patient introducing themselves ("me llamo", "soy": group ``own``), or naming whom the appointment
# is for ("a nombre de", "se llama", "su nombre es"), who may be someone else ("mi hija se llama Sofía").
_CUE = re.compile(
    r"\b(?:(?P<own>me\s+llamo|mi\s+nombre\s+es|mi\s+nombre|les?\s+habla|te\s+habla|(?P<soy>soy))"
    r"|nombre\s*:|a\s+nombre\s+de|(?:que\s+)?se\s+llama|(?:su|el)\s+nombre\s+es)(?![a-z])\s*:?"
)
# "para Juan Pérez": only trusted when the patient capitalised a full name.
_FOR = re.compile(r"\bpara\s+")
# Joiners inside a name ("María de los Ángeles"), kept only when a capitalised word follows.
_PARTICLES = frozenset({"de", "del", "la", "las", "los"})


def _word_set(*lines: str) -> frozenset[str]:
    return frozenset(word for line in lines for word in line.split())


# Words that end a name: connectors, booking talk, days, courtesy.
_STOP = _word_set(
    *WEEKDAYS,
    "a al con de del e el en es la las le les lo los me mi o para pero por que se su te tu u un una y ya",
    "quiero quisiera queria necesito busco tengo puedo podria voy estoy seria sera soy llamo nombre",
    "hora horas cita turno consulta reserva agendar reservar pedir sacar tomar confirmar cancelar",
    "hoy manana pasado tarde noche temprano semana proximo proxima dia dias mes",
    "hola buenas buenos gracias porfa favor si no ok dale bueno claro perfecto listo",
    "dr dra doc doctor doctora dentista paciente nuevo nueva cliente aqui alli tambien",
)
# "soy nueva", "soy la mamá de...", "soy alérgico": "soy" before these is no introduction.
_NOT_A_NAME_AFTER_SOY = _word_set(
    "nuevo nueva nuevos nuevas antiguo antigua paciente cliente yo muy bien mal feliz",
    "mama papa madre padre hijo hija esposo esposa marido pareja apoderado apoderada tutor tutora",
    "menor mayor estudiante particular fonasa isapre socio socia amigo amiga hermano hermana",
    "abuelo abuela tio tia primo prima vecino vecina extranjero extranjera chileno chilena",
    "embarazada alergico alergica diabetico diabetica hipertenso hipertensa",
)
# Lowercase words ending like adjectives or participles ("soy casada", "soy operado") after "soy".
_ADJECTIVE_ENDING = re.compile(r"(?:ado|ada|ido|ida|ico|ica|ista|oso|osa)$")
# Politeness around a bare name: "Hola, Ana López", "Ana López, gracias".
_COURTESY = re.compile(
    r"^\W*(?:hola|buenas|buen(?:os|as)?\s+(?:dias|tardes|noches))\b"
    r"|\b(?:(?:muchas\s+)?gracias|por\s*favor|porfa)\W*$"
)
_FILLERS = frozenset({"ja", "jaja", "jajaja", "je", "jeje", "mm", "mmm", "eh", "ah", "uh", "nose", "ups"})


@dataclass(frozen=True, slots=True)
class NameReading:
    """A patient's name as typed (accents kept, title-cased) and where it sits in the folded text.

    ``own`` when the writer introduced themselves ("me llamo Ana", "soy Ana"): the phone's owner,
    who is the patient only if the appointment is not for someone else ("para mi hija").
    """

    name: str
    span: Span
    own: bool = False


def read_stated_names(folded: FoldedText, not_names: frozenset[str]) -> list[NameReading]:
    """Every name a message states, in order: "me llamo ana lópez", "soy Ana", "a nombre de Ana López",
    "se llama Sofía"; "soy Ana, mi hija se llama Sofía" states the writer's own name and the patient's.

    ``not_names`` are words of what else "para ..." may be for (doctors' names, a service named):
    "para Camila Pérez" is a doctor, not a patient.
    """
    readings: list[NameReading] = []
    for cue in _CUE.finditer(folded.text):
        words = _name_words(folded, cue.end(), need_capitals=False)
        if not words:
            continue
        if cue["soy"] and not _introduces(folded, words[0]):
            continue
        readings.append(_reading(folded, words, own=cue["own"] is not None))
    for cue in _FOR.finditer(folded.text):
        words = _name_words(folded, cue.end(), need_capitals=True)
        if len(words) >= 2 and not {w[0] for w in words} <= not_names:
            readings.append(_reading(folded, words))
            break
    return readings


def read_name_at(
    folded: FoldedText, start: int, end: int | None = None, stops: frozenset[str] = frozenset()
) -> NameReading | None:
    """The name that begins at ``start`` ("para mi hija *Sofía Rojas*"), capitals or not, ending
    before ``end`` (where a service is named) or at a word of ``stops``; None if no name word."""
    words = _name_words(folded, start, need_capitals=False, end=end, stops=stops)
    return _reading(folded, words) if words else None


def read_bare_name(folded: FoldedText) -> NameReading | None:
    """The whole message as a name ("Ana López", "ana", "Ana López, gracias").

    The caller checks first that the message means nothing else.
    """
    text = _COURTESY.sub(lambda found: " " * len(found[0]), folded.text)
    all_words = list(WORD.finditer(text))
    residue = WORD.sub(" ", text)
    if not all_words or any(char.isalnum() for char in residue):
        return None
    words = _name_words(folded, all_words[0].start(), need_capitals=False)
    if len(words) != len(all_words) or any(w[0] in _FILLERS for w in words):
        return None
    return _reading(folded, words)


def _name_words(
    folded: FoldedText,
    start: int,
    *,
    need_capitals: bool,
    end: int | None = None,
    stops: frozenset[str] = frozenset(),
) -> list[re.Match[str]]:
    """Consecutive name words from ``start``, ending at punctuation, a stop word or the fourth word."""
    text = folded.text
    taken: list[re.Match[str]] = []
    particles: list[re.Match[str]] = []
    cursor = start
    for word in WORD.finditer(text, start, len(text) if end is None else end):
        if text[cursor : word.start()].strip():
            break  # punctuation, digits or symbols end a name
        cursor = word.end()
        if taken and word[0] in _PARTICLES:
            particles.append(word)
            continue
        capitalised = folded.is_capitalised_at(word.start())
        if word[0] in _STOP or word[0] in stops or ((need_capitals or particles) and not capitalised):
            break
        taken.extend(particles)
        particles.clear()
        taken.append(word)
        if sum(1 for w in taken if w[0] not in _PARTICLES) == MAX_NAME_WORDS:
            break
    return taken


def _introduces(folded: FoldedText, first: re.Match[str]) -> bool:
    """Whether "soy <first>..." is an introduction rather than "soy nueva" or "soy casada"."""
    if first[0] in _NOT_A_NAME_AFTER_SOY:
        return False
    return folded.is_capitalised_at(first.start()) or not _ADJECTIVE_ENDING.search(first[0])


def _reading(folded: FoldedText, words: list[re.Match[str]], *, own: bool = False) -> NameReading:
    typed = [folded.original_slice(*w.span()) for w in words]
    name = " ".join(
        part.lower() if w[0] in _PARTICLES else _title(part) for part, w in zip(typed, words, strict=True)
    )
    return NameReading(name, (words[0].start(), words[-1].end()), own)


def _title(word: str) -> str:
    """Capitalise each part of a word: "lópez" -> "López", "ana-maría" -> "Ana-María"."""
    chars: list[str] = []
    for index, char in enumerate(word):
        starts_part = index == 0 or word[index - 1] in "-'’"
        chars.append(char.upper() if starts_part else char.lower())
    return "".join(chars)
