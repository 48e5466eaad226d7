"""``python -m bench.understanding``: the offline reader against the labelled set, then the sixty
conversations with the hybrid reader; tables, targets, and a non-zero exit when one is missed.

    .venv/bin/python -m bench.understanding [--failures]

``--failures`` also prints every utterance with a slot wrong (expected vs read) and the most
common kinds of failure.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from adapters.clinic_config.toml_file import load_demo_clinic
from adapters.offline_nlu.engine import OfflineSpanishNlu
from bench import conversations
from bench._common import Figures, print_table, verdict
from bench.understanding.conversations import CONVERSATIONS
from bench.understanding.labels import CATEGORIES, COUNTRIES, load
from bench.understanding.scoring import Scored, Tallies, Tally, score_set

TARGET_OVERALL = 0.97
TARGET_PER_CATEGORY = 0.90
TARGET_CALLS_PER_BOOKING = 0.7


@dataclass(frozen=True)
class Results:
    """The set read and scored, and the conversations played."""

    scored: list[Scored]
    outcomes: list[conversations.Outcome]

    @property
    def tallies(self) -> Tallies:
        return Tallies.of(self.scored)


async def measure() -> Results:
    clinic = load_demo_clinic()
    scored = await score_set(load(), OfflineSpanishNlu(), clinic)
    return Results(scored, await conversations.play_suite(CONVERSATIONS))


def figures(results: Results) -> Figures:
    """The headline figures and their verdicts (what ``bench.run`` shows)."""
    tallies = results.tallies
    worst = min(tallies.categories.items(), key=lambda item: item[1].accuracy)
    booked = [o for o in results.outcomes if o.booked]
    # Every model call counts, a failed conversation's too; only a right booking divides them.
    calls = sum(o.calls for o in results.outcomes) / max(len(booked), 1)
    slots_met = tallies.overall.accuracy >= TARGET_OVERALL and worst[1].accuracy >= TARGET_PER_CATEGORY
    return {
        "utterances": tallies.overall.utterances,
        "slot_accuracy": tallies.overall.accuracy,
        "worst_category": f"{worst[0]} {worst[1].accuracy:.1%}",
        "utterance_accuracy": tallies.overall.utterance_accuracy,
        "slots_verdict": "met" if slots_met else "MISSED",
        "conversations": len(results.outcomes),
        "booked_as_expected": len(booked),
        "calls_per_booking": calls,
        "calls_verdict": verdict(calls, TARGET_CALLS_PER_BOOKING)
        if len(booked) == len(results.outcomes)
        else "MISSED",
    }


async def run() -> Figures:
    """Measure and return the figures (``bench.run``), without printing."""
    return figures(await measure())


def print_tallies(
    title: str, tallies: Mapping[str, Tally], order: Sequence[str], target: float | None
) -> None:
    print(title)
    print(f"{'':16} {'slots':>11} {'accuracy':>9} {'utterances':>11} {'all right':>10}")
    for key in [k for k in order if k in tallies] + sorted(set(tallies) - set(order)):
        tally = tallies[key]
        mark = "" if target is None or tally.accuracy >= target else "  < target"
        print(
            f"{key:16} {tally.correct:5}/{tally.scored:<5} {tally.accuracy:9.1%} {tally.utterances:11}"
            f" {tally.utterance_accuracy:10.1%}{mark}"
        )
    print()


def kind(scored: Scored) -> list[str]:
    """What went wrong, slot by slot: missed (labelled, not read), spurious, or wrong."""
    kinds = []
    for score in scored.wrong:
        how = "missed" if score.read is None else "spurious" if score.expected is None else "wrong"
        kinds.append(f"{score.slot} {how} ({scored.utterance.category})")
    return kinds


def print_failures(scored: Sequence[Scored]) -> None:
    failing = [s for s in scored if not s.all_right]
    print(f"Utterances with a slot wrong: {len(failing)}")
    for s in failing:
        wrong = "; ".join(f"{w.slot}: expected {w.expected!r}, read {w.read!r}" for w in s.wrong)
        print(f"- [{s.utterance.country} {s.utterance.category}] {s.utterance.text!r}: {wrong}")
    print("\nMost common kinds of failure")
    for what, count in Counter(k for s in failing for k in kind(s)).most_common(20):
        print(f"{count:4}  {what}")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description="The offline reader and the hybrid bot on the labelled set")
    parser.add_argument("--failures", action="store_true", help="print every failing utterance")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    results = asyncio.run(measure())
    tallies = results.tallies
    if args.failures:
        print_failures(results.scored)
    print_tallies(
        f"Per category (target >= {TARGET_PER_CATEGORY:.0%})",
        tallies.categories,
        CATEGORIES,
        TARGET_PER_CATEGORY,
    )
    print_tallies("Per country", tallies.countries, tuple(COUNTRIES), None)
    print_tallies(
        "Per slot",
        tallies.slots,
        ("intent", "date", "time", "part", "doctor", "service", "relation", "name"),
        None,
    )
    print_tallies(
        f"Overall (target >= {TARGET_OVERALL:.0%})", {"all": tallies.overall}, ("all",), TARGET_OVERALL
    )
    failed = [o for o in results.outcomes if not o.booked]
    for o in failed:
        print(f"NOT BOOKED as expected: {o.name}: {o.problem}")
    if failed:
        print()
    summary = figures(results)
    print_table(
        f"Understanding (slots >= {TARGET_OVERALL:.0%} overall, >= {TARGET_PER_CATEGORY:.0%} per category; "
        f"model calls per booking <= {TARGET_CALLS_PER_BOOKING:g})",
        summary,
    )
    if "MISSED" in (summary["slots_verdict"], summary["calls_verdict"]):
        raise SystemExit(1)
