"""What the benchmarks share: timing statistics and the table they print."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Mapping, Sequence

Figure = float | int | str
Figures = dict[str, Figure]


def percentile(samples: Sequence[float], fraction: float) -> float:
    """The sample below which ``fraction`` of the samples lie (nearest rank)."""
    ordered = sorted(samples)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


def time_ms(work: Callable[[], object], *, repeat: int, warmup: int) -> list[float]:
    """Wall time of ``repeat`` calls of ``work`` in milliseconds, after ``warmup`` untimed calls."""
    for _ in range(warmup):
        work()
    samples: list[float] = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def median_p95(samples: Sequence[float]) -> tuple[float, float]:
    return statistics.median(samples), percentile(samples, 0.95)


def verdict(value: float, target: float, *, lower_is_better: bool = True) -> str:
    met = value <= target if lower_is_better else value >= target
    return "met" if met else "MISSED"


def format_figure(value: Figure) -> str:
    if isinstance(value, float):
        return f"{value:,.4f}" if abs(value) < 0.1 else f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return value


def print_table(title: str, figures: Mapping[str, Figure]) -> None:
    """Two aligned columns under a title: what a runner prints for several benchmarks in one table."""
    width = max(len(key) for key in figures)
    print(title)
    print("-" * max(len(title), width + 16))
    for key, value in figures.items():
        print(f"{key.ljust(width)}  {format_figure(value)}")
