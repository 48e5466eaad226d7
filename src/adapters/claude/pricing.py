"""List prices of the models we call, in US dollars per million tokens (Anthropic's price page)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Prices:
    input: float
    output: float
    cache_read: float
    cache_write: float  # the five-minute cache


HAIKU_4_5 = Prices(input=1.00, output=5.00, cache_read=0.10, cache_write=1.25)
PRICES = {"claude-haiku-4-5": HAIKU_4_5}


def dollars(model: str, kind: str, tokens: int) -> float:
    """What ``tokens`` of ``kind`` cost on ``model``; 0.0 for a model whose prices we do not know."""
    prices = PRICES.get(model)
    return 0.0 if prices is None else tokens * getattr(prices, kind) / 1_000_000
