"""Which words of a Portuguese message the reader has no use for (as the Spanish ``coverage``).

A message whose every word is one the reader knows (its tables, the clinic's doctors and services,
the name it read) says nothing the reader could have missed. Words that bend the meaning of the
rest ("antes das 10", "depois do almoço", "entre", "tipo") are never taken as read.
"""

from __future__ import annotations

from collections.abc import Iterable

from adapters.offline_nlu.portuguese.vocabulary import VOCABULARY

_BENDING = frozenset(
    {"antes", "depois", "dps", "desde", "ate", "entre", "tipo", "como", "qualquer", "logo", "partir", "volta"}
)
_KNOWN = VOCABULARY - _BENDING


def unread(words: Iterable[str], also_known: frozenset[str] = frozenset()) -> list[str]:
    """The folded words neither the reader's vocabulary nor ``also_known`` accounts for; numbers
    ("10", "16h30", "15/12") are the readers' own."""
    return [
        word
        for word in words
        if word not in _KNOWN and word not in also_known and not any(ch.isdigit() for ch in word)
    ]
