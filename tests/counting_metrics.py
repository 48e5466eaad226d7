"""A ``Metrics`` that keeps what it was told, for tests to read: ``counted[("turn", "answered")]``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from application.messages import InboundKind
from domain.ids import ClinicId
from domain.throttle import ModelRefusal


class CountingMetrics:
    """Implements ``Metrics``: each call counted by (method, outcome); tokens and dollars summed."""

    def __init__(self) -> None:
        self.counted: Counter[tuple[str, str]] = Counter()
        self.seconds: list[tuple[str, float]] = []
        self.tokens: Counter[str] = Counter()
        self.dollars = 0.0
        self.clinic_tokens: dict[ClinicId, tuple[int, int]] = {}  # (used today, daily limit)

    def delivery(self, outcome: str) -> None:
        self.counted["delivery", outcome] += 1

    def messages(self, new: Sequence[InboundKind], duplicates: int) -> None:
        self.counted["messages", "new"] += len(new)
        self.counted["messages", "duplicate"] += duplicates
        for kind in new:
            self.counted["message_kind", kind.value] += 1

    def turn(self, outcome: str, seconds: float) -> None:
        self.counted["turn", outcome] += 1
        self.seconds.append(("turn", seconds))

    def nlu_call(self, engine: str, outcome: str, seconds: float) -> None:
        self.counted["nlu_call", f"{engine}:{outcome}"] += 1
        self.seconds.append(("nlu_call", seconds))

    def nlu_tokens(self, model: str, kind: str, tokens: int, dollars: float) -> None:
        self.tokens[kind] += tokens
        self.dollars += dollars

    def send(self, outcome: str) -> None:
        self.counted["send", outcome] += 1

    def booking(self, outcome: str) -> None:
        self.counted["booking", outcome] += 1

    def lock_wait(self, outcome: str, seconds: float) -> None:
        self.counted["lock_wait", outcome] += 1
        self.seconds.append(("lock_wait", seconds))

    def model_tokens(self, clinic_id: ClinicId, used: int, limit: int) -> None:
        self.clinic_tokens[clinic_id] = (used, limit)

    def model_refused(self, refusal: ModelRefusal) -> None:
        self.counted["model_refused", refusal.value] += 1
