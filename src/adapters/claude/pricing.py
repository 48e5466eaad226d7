"""List prices of the models we call, in US dollars per million tokens (Anthropic's price page)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from domain.figures import TokenPrice


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


def budget_price(model: str) -> TokenPrice:
    """A price for the tokens the clinics' budgets count, which add every kind together (read,
    cached, written): the model's input price, between the cache's (less) and output's (more).
    The dashboard's model cost is an estimate at this price."""
    prices = PRICES.get(model)
    return TokenPrice(model, Decimal(str(prices.input)) if prices is not None else Decimal(0))
