"""English words for what a clinic's FAQ keywords say in Spanish ("parking" -> "estacionamiento").

A clinic writes its FAQ keywords in its own language; an entry whose keywords include English
words ("parking") is matched by them as is. The common questions (where, when open, how to pay,
parking) are also heard in English through this table, so one clinic file serves both.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from adapters.offline_nlu.clinic_terms import fold_words
from domain.clinic import FaqEntry

_SAME: dict[str, tuple[str, ...]] = {
    "where": ("donde",),
    "address": ("direccion",),
    "located": ("ubicados", "ubicacion"),
    "location": ("ubicacion", "ubicados"),
    "directions": ("llegar", "direccion"),
    "subway": ("metro",),
    "metro": ("metro",),
    "bus": ("micro",),
    "hours": ("horario",),
    "opening": ("horario", "abren"),
    "open": ("abren", "abierto"),
    "close": ("cierran",),
    "closing": ("cierran",),
    "holidays": ("festivos", "feriado"),
    "holiday": ("feriado", "festivos"),
    "pay": ("pagar", "pago"),
    "payment": ("pago",),
    "payments": ("pago",),
    "card": ("tarjeta",),
    "cards": ("tarjetas",),
    "debit": ("debito",),
    "credit": ("credito",),
    "installments": ("cuotas",),
    "cash": ("efectivo",),
    "transfer": ("transferencia",),
    "insurance": ("seguro", "prevision"),
    "reimbursement": ("reembolso",),
    "refund": ("reembolso",),
    "parking": ("estacionamiento", "parking"),
    "park": ("estacionar", "estacionamiento"),
    "car": ("auto",),
}


def in_faq_words(message_words: Sequence[str]) -> list[str]:
    """The message's words, each followed by the Spanish keywords it stands for."""
    heard: list[str] = []
    for word in message_words:
        heard.append(word)
        heard.extend(_SAME.get(word, ()))
    return heard


def faq_words(faq: tuple[FaqEntry, ...]) -> frozenset[str]:
    """Every word a message may match ``faq`` by: the keywords' own, and English ones standing for them."""
    return _faq_words(faq)


@lru_cache(maxsize=64)
def _faq_words(faq: tuple[FaqEntry, ...]) -> frozenset[str]:
    keywords = frozenset(word for entry in faq for keyword in entry.keywords for word in fold_words(keyword))
    english = frozenset(word for word, same in _SAME.items() if keywords.intersection(same))
    return keywords | english
