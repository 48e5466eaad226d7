"""Patients' typos of the reader's own words, respelled before any reader runs: "kero una ora el
biernes", "mñana alas 10", "el miercole", "pa el sabdo".

Only the reader's vocabulary is respelled (weekdays, months, numbers, parts of the day, the words
that ask for an appointment), and only when a typed word sounds like one of them in Spanish (v/b,
c/s/z, qu/k, a silent h, doubled letters) give or take one slip of the finger, two in words of
eight letters or more, keeping the first sound. Never respelled: words of three letters or fewer,
real Spanish words and names that happen to be close ("nueva" is not "nueve", "Mariana" not
"mañana": ``spanish_words.NOT_TYPOS``), the clinic's own names, and what could be a person's name
(a capitalised word inside a sentence, the words after "me llamo" or "soy").
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel

from adapters.offline_nlu.calendar_words import MONTHS, WEEKDAYS
from adapters.offline_nlu.numbers import SINGLE_NUMBER_WORDS
from adapters.offline_nlu.spanish_words import NOT_TYPOS
from adapters.offline_nlu.text import FoldedText, rewritten

# Shorter words are left alone ("ora", "dia", "mes"); longer ones may have two slips ("miercole").
_SHORTEST = 4
_SHORT_WORD = 6
_LONG_WORD = 8

# What the readers look for, folded. Words of three letters or fewer are never fuzzed, so "hoy" is
# listed only to be found as "hoyy"; "una", "dos" and "mes" not at all.
_DAY_WORDS = """
    hoy manana mananas mananita pasado semana semanas proximo proxima siguiente viene dentro dias finde
    tarde tardes tardecita noche noches madrugada mediodia medianoche temprano despues antes almuerzo
    media cuarto punto menos primero horas minutos
"""
_BOOKING_WORDS = """
    quiero quisiera queria necesito necesitaria cita citas hora turno turnos consulta agendar agenda
    reservar reserva cancelar anular cambiar reagendar disponible doctor doctora dentista gracias
    hola buenas buenos
"""
VOCABULARY = frozenset(
    {
        *WEEKDAYS,
        *MONTHS,
        *(word for word in SINGLE_NUMBER_WORDS if len(word) >= _SHORTEST),
        *_DAY_WORDS.split(),
        *_BOOKING_WORDS.split(),
    }
)

_LETTERS = re.compile(r"[a-z]+")
# Words after which the next few are a name: "me llamo Mercedes", "soy juana", "a nombre de Dora".
_NAME_CUES = frozenset({"llamo", "llama", "soy", "nombre"})
_NAME_WORDS_AFTER_CUE = 4
_SENTENCE_END = frozenset(".!?¡¿\n")

# Spanish spelling that sounds the same: "biernes" is "viernes", "kero" "quero" (then "quiero").
_SOFT_QU = re.compile(r"qu(?=[ei])")
_SOFT_GU = re.compile(r"gu(?=[ei])")
_SOFT_C = re.compile(r"c(?=[ei])")
_SOFT_G = re.compile(r"g(?=[ei])")
_Y_AS_I = re.compile(r"y(?![aeiou])")
_REPEATED = re.compile(r"(.)\1+")
_SAME_SOUND = str.maketrans({"c": "k", "q": "k", "z": "s", "v": "b", "w": "b", "h": None})


def sound_key(word: str) -> str:
    """How a folded word sounds, spelt one way: "quiero" -> "kiero", "viernes" -> "biernes"."""
    key = word.replace("ch", "C").replace("ll", "y")
    key = _SOFT_QU.sub("k", key)
    key = _SOFT_GU.sub("g", key)
    key = _SOFT_C.sub("s", key)
    key = _SOFT_G.sub("j", key)
    key = _Y_AS_I.sub("i", key.translate(_SAME_SOUND))
    return _REPEATED.sub(r"\1", key)


_BY_SOUND: dict[str, str] = {sound_key(word): word for word in sorted(VOCABULARY)}
_SOUNDS = tuple(_BY_SOUND)


@lru_cache(maxsize=8192)
def closest_word(word: str) -> str | None:
    """The one vocabulary word a folded word is a typo of, by sound and slips alone; None if none
    or if two are as close ("mrtes": "martes" or "mates"?). Knows nothing of real words or names."""
    if word in VOCABULARY or len(word) < _SHORTEST:
        return None
    key = sound_key(word)
    if key in _BY_SOUND:
        return _BY_SOUND[key]
    slips = 2 if len(word) >= _LONG_WORD else 1
    # In a short word a changed letter is another word more often than a slip ("nope" is no
    # "noche"): there only a letter too many or too few counts ("kero", "sabdo").
    scorer = OSA.distance if len(word) >= _SHORT_WORD else Indel.distance
    found = process.extract(key, _SOUNDS, scorer=scorer, score_cutoff=slips, limit=3)
    # A typo keeps the first sound: "nora" is not "hora", "coche" not "noche".
    near = [(sound, distance) for sound, distance, _ in found if sound[0] == key[0]]
    if not near or (len(near) > 1 and near[0][1] == near[1][1]):
        return None
    return _BY_SOUND[near[0][0]]


def respelled(word: str) -> str | None:
    """The vocabulary word a folded word stands for, unless it is a real word or a name itself."""
    return None if word in NOT_TYPOS else closest_word(word)


def respell(folded: FoldedText, keep: frozenset[str] = frozenset()) -> FoldedText:
    """``folded`` with typos of the vocabulary respelled, and every index still mapped to the original.

    A respelled word may be longer or shorter than what was typed ("kero" -> "quiero"): each of its
    letters points back into the typed word, so ``original_slice`` over it gives what the patient
    wrote, and a name is still cut from the original with its capitals. ``keep`` are words never
    respelled (the clinic's doctors' and services' names).
    """
    text = folded.text
    shouting = not any(char.islower() for char in folded.original)
    changes: list[tuple[int, int, str]] = []
    name_words_left = 0
    previous_end = 0
    for found in _LETTERS.finditer(text):
        start, end = found.span()
        word = found[0]
        if text[previous_end:start].strip():
            name_words_left = 0  # punctuation ends a name
        previous_end = end
        if name_words_left:
            name_words_left -= 1
            continue
        if word in _NAME_CUES:
            name_words_left = _NAME_WORDS_AFTER_CUE
            continue
        if word in keep or (not shouting and _may_be_name(folded, start)):
            continue
        better = respelled(word)
        if better is not None:
            changes.append((start, end, better))
    return rewritten(folded, changes)


def _may_be_name(folded: FoldedText, start: int) -> bool:
    """A capitalised word inside a sentence may be a name ("con Marta", "para Mariana"); the first
    word of a sentence is capitalised by the phone, whatever it is ("Biernes a las 4")."""
    if not folded.is_capitalised_at(start):
        return False
    before = folded.text[:start].rstrip()
    return bool(before) and before[-1] not in _SENTENCE_END
