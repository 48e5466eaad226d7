"""The patient's own name: after "me llamo", "soy"..., or alone when the bot has just asked for it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from adapters.offline_nlu.dates import WEEKDAYS
from adapters.offline_nlu.text import WORD, FoldedText, Span, word_set

MAX_NAME_WORDS = 4

# The patient introducing themselves ("me llamo", "soy": group ``own``), or naming whom the appointment
# is for ("a nombre de", "se llama", "su nombre es"), who may be someone else ("mi hija se llama Sofía").
# "les escribe Rosa Díaz" as "les habla"; a title after the cue is no name ("soy la señora Rosa Díaz").
# ``clear`` cues say a name follows whatever its case, particles and all ("me llamo juan de la cruz").
# A parent introducing themselves by the child ("soy la mamá de Sofía", "habla el papá de Mateo")
# names the patient; so does "la paciente es Rosa Díaz".
# A title between a cue and the name: "soy la señora Rosa Díaz", "habla don Pedro".
_TITLE = r"(?:\s*(?:(?:la|el)\s+)?(?:senora|senor|senorita|sra|sr|srta|don|dona)\b\.?)?\s*"
_CUE = re.compile(
    r"\b(?:(?P<child>(?:la|el|su)\s+(?:mama|papa|madre|padre|abuela|abuelo|tia|tio|apoderad[oa]|tutor[a]?)\s+del?)"
    r"|(?P<own>(?P<clear>me\s+llamo|mi\s+nombre\s+(?:completo\s+)?es)|mi\s+nombre"
    r"|(?:les?|te|os)\s+(?:habla|escribe|saluda)|(?P<soy>soy))"
    r"|(?P<clear_other>nombre\s*:|a\s+nombre\s+de|(?:que\s+)?se\s+llama|(?:su|el)\s+nombre\s+(?:completo\s+)?es"
    r"|(?:el|la)\s+paciente\s+(?:es|seria|sera)))"
    rf"(?![a-z])\s*:?{_TITLE}"
)
# Opening a message, a capitalised name is the writer's: "Habla Rosa Díaz", "Aquí Rosa", "Acá Rosa Díaz".
_OPENING_CUE = re.compile(
    r"^\W*(?:(?:hola|buenas|buenos\s+dias|buen\s+dia|buenas\s+tardes|buenas\s+noches)\W+)?"
    rf"(?:habla|aqui|aca|escribe)\s+{_TITLE}"
)
# "para Juan Pérez": only trusted when the patient capitalised a full name.
_FOR = re.compile(r"\bpara\s+")
# Joiners inside a name ("María de los Ángeles"), kept only when a capitalised word follows.
_PARTICLES = frozenset({"de", "del", "la", "las", "los"})


# Words that end a name: connectors, booking talk, days, courtesy.
_STOP = word_set(
    *WEEKDAYS,
    "a al con de del e el en es la las le les lo los me mi o para pero por que se su te tu u un una y ya",
    "quiero quisiera queria necesito busco tengo puedo podria voy estoy seria sera soy llamo nombre",
    "hora horas cita turno consulta reserva agendar reservar pedir sacar tomar confirmar cancelar",
    "hoy manana pasado tarde noche temprano semana proximo proxima dia dias mes",
    "hola buenas buenos gracias porfa favor si no ok dale bueno claro perfecto listo",
    "porfis plis xfa che pues po ahorita sale vale va orale chevere bacan wey guey turno cupo ocupo pa pal",
    "hueco huequito sumerce bo compa mijo mija epa quiubo hey alo",
    "genial joya chevere barbaro macanudo excelente chido obvio correcto exacto hecho normal orale andale",
    "nel nop nope nones gracias okey oki",
    "dr dra doc doctor doctora dentista paciente nuevo nueva cliente aqui alli tambien",
)
# "soy nueva", "soy la mamá de...", "soy alérgico": "soy" before these is no introduction.
_NOT_A_NAME_AFTER_SOY = word_set(
    "nuevo nueva nuevos nuevas antiguo antigua paciente cliente yo muy bien mal feliz",
    "mama papa madre padre hijo hija esposo esposa marido pareja apoderado apoderada tutor tutora",
    "menor mayor estudiante particular fonasa isapre socio socia amigo amiga hermano hermana",
    "abuelo abuela tio tia primo prima vecino vecina extranjero extranjera chileno chilena",
    "embarazada alergico alergica diabetico diabetica hipertenso hipertensa",
)
# Lowercase words ending like adjectives or participles ("soy casada", "soy operado") after "soy".
_ADJECTIVE_ENDING = re.compile(r"(?:ado|ada|ido|ida|ico|ica|ista|oso|osa)$")
# Common first names that end like an adjective: "soy rosa", "soy mónica" introduce someone.
_NAMES_LIKE_ADJECTIVES = word_set(
    "rosa monica veronica angelica jessica jesica erica frida aida zaida leida brigida ida"
)
# Politeness and fillers around a bare name, in any country's words: "Hola, Ana López", "buen día,
# Ana López", "che, Ana López", "ya, Ana López", "es Ana López", "Ana López, gracias", "Ana López porfis";
# and what is left of "Rosa Díaz, es para mí" once whom is read.
_COURTESY = re.compile(
    r"^\W*(?:(?:hola|buenas|buen(?:os|as)?\s+(?:dias?|tardes?|noches?)|wena[s]?|(?:que|q)\s+(?:tal|onda)|saludos"
    r"|epa|quiubo|hey|alo|sumerce|bo|compa|mijo|mija"
    r"|che|ya|ok|okey|dale|sale|va|vale|listo|si|bueno|claro|perfecto|orale|de\s+una|es|seria)\b\W*)+"
    r"|(?:\W+(?:(?:muchas\s+)?gracias|por\s*favor|por\s*fa|porfa|porfis|plis|pls|please|xfa|x\s+favor|po|pues"
    r"|es|seria|sera))+\W*$"
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
        clear = cue["clear"] is not None or cue["clear_other"] is not None
        words = _name_words(folded, cue.end(), need_capitals=False, lowercase_particles=clear)
        if not words:
            continue
        if cue["soy"] and not _introduces(folded, words):
            continue
        reading = _reading(folded, words, own=cue["own"] is not None)
        # "soy Juan, el papá de Mateo": the child is the patient, whatever was said first.
        readings.insert(0, reading) if cue["child"] else readings.append(reading)
    if not readings and (opening := _OPENING_CUE.match(folded.text)):
        words = _name_words(folded, opening.end(), need_capitals=True)
        if words:
            readings.append(_reading(folded, words, own=True))
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
    lowercase_particles: bool = False,
) -> list[re.Match[str]]:
    """Consecutive name words from ``start``, ending at punctuation, a stop word or the fourth word.

    After a particle ("de", "la") the next word must be capitalised ("María de los Ángeles", not
    "Ana de la tarde"), unless a clear cue said a name follows (``lowercase_particles``: "me llamo
    juan de la cruz").
    """
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
        lowercase_ok = not need_capitals and (not particles or lowercase_particles)
        if word[0] in _STOP or word[0] in stops or (not lowercase_ok and not capitalised):
            break
        taken.extend(particles)
        particles.clear()
        taken.append(word)
        if sum(1 for w in taken if w[0] not in _PARTICLES) == MAX_NAME_WORDS:
            break
    return taken


def _introduces(folded: FoldedText, words: list[re.Match[str]]) -> bool:
    """Whether "soy <words>" is an introduction rather than "soy nueva" or "soy casada".

    A lowercase word ending like an adjective is a name when it is a common one ("soy rosa") or a
    surname follows ("soy rosa díaz"; "soy operada" and "soy asmática crónica" introduce no one).
    """
    first = words[0]
    if first[0] in _NOT_A_NAME_AFTER_SOY:
        return False
    if folded.is_capitalised_at(first.start()) or first[0] in _NAMES_LIKE_ADJECTIVES:
        return True
    if not _ADJECTIVE_ENDING.search(first[0]):
        return True
    return len(words) >= 2 and not _ADJECTIVE_ENDING.search(words[-1][0])


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
