"""How a failure is written where people read it: logs and the error columns of the queues."""

from __future__ import annotations


def describe(failure: BaseException, most: int = 300) -> str:
    """The failure's kind and message, bounded (never a payload: it is logged and stored)."""
    return f"{type(failure).__name__}: {failure}"[:most]
