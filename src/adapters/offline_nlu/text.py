"""Message text folded for matching, remembering where each folded character came from."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

Span = tuple[int, int]

# Letters of a folded word; an apostrophe or hyphen may join two parts ("o'higgins", "ana-maria").
WORD = re.compile(r"[a-z]+(?:['’-][a-z]+)*")

# Where one idea of a message ends and the next begins ("no puedo el lunes, pero el martes sí").
# A dot or colon between digits is part of a time ("4:30"), not a break.
CLAUSE_BREAK = re.compile(r"[,;!?¡¿\n]|[.:](?!\d)|\b(?:pero|mejor|sino|entonces|aunque)\b")


@dataclass(frozen=True, slots=True)
class FoldedText:
    """A message lowercased, without accents and with stretched letters squeezed.

    Every pattern runs on ``text``; ``origin[i]`` is the index in ``original`` of the
    character that produced ``text[i]``, so a patient's name is cut from what they typed,
    accents and all.
    """

    original: str
    text: str
    origin: tuple[int, ...]

    def original_slice(self, start: int, end: int) -> str:
        """The original characters behind the folded ``text[start:end]``."""
        if start >= end:
            return ""
        return self.original[self.origin[start] : self.origin[end - 1] + 1]

    def is_capitalised_at(self, index: int) -> bool:
        """Whether the patient typed the folded character at ``index`` as a capital letter."""
        return self.original[self.origin[index]].isupper()


def unaccented(word: str) -> str:
    """``word`` lowercase and without accents, as ``fold`` leaves a vocabulary word."""
    return "".join(c for c in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(c))


def fold(original: str) -> FoldedText:
    """Fold a message once; everything else reads the result."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(original):
        for piece in unicodedata.normalize("NFD", char.lower()):
            if unicodedata.combining(piece):
                continue
            # "holaaaa", "siiii": three of a letter in a row never helps Spanish matching.
            if piece.isalpha() and len(chars) >= 2 and chars[-1] == chars[-2] == piece:
                continue
            chars.append(piece)
            origin.append(index)
    return FoldedText(original, "".join(chars), tuple(origin))


def mask(text: str, spans: Iterable[Span]) -> str:
    """Blank out spans already read, keeping every other index where it was."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def clause_bounds(text: str, start: int, end: int) -> Span:
    """The clause around ``text[start:end]``: from the last break before it to the next one after."""
    begin = 0
    for found in CLAUSE_BREAK.finditer(text, 0, start):
        begin = found.end()
    after = CLAUSE_BREAK.search(text, end)
    return begin, after.start() if after else len(text)


def rewritten(folded: FoldedText, changes: Iterable[tuple[int, int, str]]) -> FoldedText:
    """``folded`` with each ``(start, end, word)`` put in place of ``text[start:end]`` (in order, not
    overlapping), every index still mapped to what was typed: a word longer or shorter than the typed
    one ("kero" -> "quiero", "a cleaning" -> "limpieza") points each letter back into it, so
    ``original_slice`` over it gives what the patient wrote."""
    text = folded.text
    pieces: list[str] = []
    origin: list[int] = []
    copied = 0
    for start, end, word in changes:
        pieces.append(text[copied:start])
        origin.extend(folded.origin[copied:start])
        pieces.append(word)
        typed = folded.origin[start:end]
        origin.extend(typed[min(index, len(typed) - 1)] for index in range(len(word)))
        copied = end
    if not pieces:
        return folded
    pieces.append(text[copied:])
    origin.extend(folded.origin[copied:])
    return FoldedText(folded.original, "".join(pieces), tuple(origin))


def word_set(*lines: str) -> frozenset[str]:
    """The words of lists written as lines of text: a reader's vocabulary, kept readable in code."""
    return frozenset(word for line in lines for word in line.split())
