"""How patients across countries and keyboards write the words a clinic names its services with.

A clinic lists its services in its own country's words ("control de brackets", "limpieza"). A
patient from Mexico asks for "frenos", one from Spain for "aparatos", one from Colombia for a
"valoración", and many type "limpiesa" or "blanquamiento". Two pieces of Spanish, not clinic data,
bridge them: words that mean the same across countries (``equivalents``), and respelling a word
that is one or two keystrokes from a word of the clinic's (``respell``). Patients' and doctors'
names are never respelt: only the clinic's service words are candidates, and only long ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import extractOne

from adapters.offline_nlu.text import WORD, Span

# Each line one meaning, folded, as countries and registers say it. Verb forms stand beside their
# infinitive so a clinic's "sacar una muela" hears "que me saquen una muela".
_SAME = (
    "brackets bracket braquets brakets frenos freno frenillos frenillo aparatos aparato fierros",
    "limpieza limpia",
    "evaluacion valoracion",
    "blanqueamiento blanqueo",
    "extraccion exodoncia",
    "sacar extraer quitar saquen saque sacan extraigan quiten",
    "sacarme extraerme quitarme",
    "muela molar diente pieza",
    "dentista odontologo odontologa",
    "duele duelen dolia molesta molestan",
    "me le te nos les",  # whose tooth: "me duele una muela" as "a mi papá le duele una muela"
    "roto rota partido partida quebrado quebrada rajado rajada despostillado despostillada astillado",
    "rompio partio quebro rajo despostillo astillo",
    "poner colocar instalar",
    "ponerme colocarme instalarme",
    "hinchazon inflamacion",
    "hinchada hinchado inflamada inflamado",
    "hincho inflamo",
    "ajuste ajustar ajusten ajustarme apretar apreten",
    "ninos infantes",
)


@lru_cache(maxsize=1)
def _table() -> dict[str, frozenset[str]]:
    table: dict[str, frozenset[str]] = {}
    for line in _SAME:
        meaning = frozenset(line.split())
        for word in meaning:
            table[word] = table.get(word, frozenset()) | meaning
    return table


def equivalents(word: str) -> frozenset[str]:
    """The folded words meaning what ``word`` means elsewhere ("brackets" -> "frenos", "aparatos"...),
    ``word`` included."""
    return _table().get(word, frozenset({word}))


# Shorter words are too near ordinary ones ("limpio" is one letter from "limpia"): only longer ones
# are respelt, by one edit, or by two in a word of twelve letters or more that keeps its length (two
# letters swapped: "blanqueamineto"). "Endodoncia" is two edits from "exodoncia" and "ortodoncista"
# two from "ortodoncia": other words, not typos.
_MIN_LENGTH = 7
_LONG = 12
# Words for a specialist ("odontopediatra", "ortodoncista", "odontóloga") name a doctor: never
# respelt into the treatment they are one letter from.
_SPECIALIST = re.compile(r"(?:ista|atra|ologo|ologa)s?$")


@dataclass(frozen=True, slots=True)
class Respelling:
    """A message with misspelt service words replaced; ``origin[i]`` is where ``text[i]`` came from."""

    text: str
    origin: tuple[int, ...]

    def original_span(self, span: Span) -> Span:
        """Where a span of the respelt text lies in the message."""
        start, end = span
        return self.origin[start], self.origin[end - 1] + 1

    def respelt_index(self, index: int) -> int:
        """Where a message index lies in the respelt text (its first character at or after it)."""
        return next((i for i, at in enumerate(self.origin) if at >= index), len(self.text))


def respell(text: str, vocabulary: frozenset[str]) -> Respelling | None:
    """``text`` (folded) with words a keystroke or two from a ``vocabulary`` word replaced by it
    ("limpiesa" -> "limpieza", "blanqueamineto" -> "blanqueamiento"); None when no word changes."""
    candidates = _long(vocabulary)
    chars: list[str] = []
    origin: list[int] = []
    cursor = 0
    changed = False
    for found in WORD.finditer(text):
        word = found[0]
        if len(word) < _MIN_LENGTH or word in vocabulary or _SPECIALIST.search(word):
            continue
        best = extractOne(word, candidates, scorer=Levenshtein.distance, score_cutoff=2)
        if best is None or best[0][0] != word[0]:
            continue  # a first letter is seldom the one mistyped
        if best[1] == 2 and (len(word) < _LONG or len(best[0]) != len(word)):
            continue
        chars.extend(text[cursor : found.start()])
        origin.extend(range(cursor, found.start()))
        chars.extend(best[0])
        origin.extend(min(found.start() + i, found.end() - 1) for i in range(len(best[0])))
        cursor = found.end()
        changed = True
    if not changed:
        return None
    chars.extend(text[cursor:])
    origin.extend(range(cursor, len(text)))
    return Respelling("".join(chars), tuple(origin))


@lru_cache(maxsize=256)
def _long(vocabulary: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(word for word in vocabulary if len(word) >= _MIN_LENGTH))
