"""``python -m bench.understanding``: each language's offline reader against its labelled
utterances, then each language's conversations with the hybrid reader; tables per language and
overall, targets beside each figure, and a non-zero exit when one is missed.

    .venv/bin/python -m bench.understanding [--failures] [--language en]

``--failures`` also prints every utterance with a slot wrong (expected vs read) and the most
common kinds of failure. A language with no offline reader yet (``languages.READERS``) is
reported as such: its utterances counted, not scored.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from adapters.clinic_config.toml_file import load_demo_clinic
from bench import conversations
from bench._common import Figure, Figures, print_table, verdict
from bench.understanding.detection import TARGET_TOLD, TARGET_WRONG, detection_figures
from bench.understanding.labels import CATEGORIES, COUNTRIES, SLOTS, load, load_heldout
from bench.understanding.languages import READERS, SUITES, play_languages
from bench.understanding.scoring import Readers, Reading, Scored, Tallies, Tally, score_languages
from domain.language import Language

TARGET_OVERALL = 0.97  # for each language, and all together
TARGET_PER_CATEGORY = 0.90  # for each category of each language
TARGET_CALLS_PER_BOOKING = 0.7
NO_READER = "no offline reader yet"


@dataclass(frozen=True)
class Results:
    """Each language's utterances read and scored, and each language's conversations played."""

    readings: list[Reading]
    outcomes: dict[Language, list[conversations.Outcome]]

    @property
    def scored(self) -> list[Scored]:
        """Every utterance scored, whatever its language (a language with no reader has none)."""
        return [s for reading in self.readings for s in reading.scored or ()]

    @property
    def tallies(self) -> Tallies:
        return Tallies.of(self.scored)

    @property
    def played(self) -> list[conversations.Outcome]:
        return [o for outcomes in self.outcomes.values() for o in outcomes]


async def measure(languages: Sequence[Language] = tuple(Language), readers: Readers = READERS) -> Results:
    utterances = [u for u in load() if u.language in languages]
    readings = await score_languages(utterances, readers, load_demo_clinic())
    suites = {language: suite for language, suite in SUITES.items() if language in languages}
    return Results(readings, await play_languages(suites))


async def heldout_figures(
    languages: Sequence[Language] = tuple(Language), readers: Readers = READERS
) -> Figures:
    """Each language's reader on its held-out set: slot accuracy, worst category and verdict."""
    utterances = [u for u in load_heldout() if u.language in languages]
    figures: Figures = {}
    for reading in await score_languages(utterances, readers, load_demo_clinic()):
        tallies = reading.tallies
        if tallies is None:
            continue
        key = reading.language.value
        figures[f"{key}_heldout_utterances"] = reading.utterances
        figures[f"{key}_heldout_slot_accuracy"] = round(tallies.overall.accuracy, 4)
        figures[f"{key}_heldout_worst_category"] = worst_category(tallies)
        figures[f"{key}_heldout_verdict"] = slots_verdict(tallies)
    return figures


def slots_verdict(tallies: Tallies) -> str:
    """Met when the whole is >= 97% and every category >= 90%."""
    worst = min(tally.accuracy for tally in tallies.categories.values()) if tallies.categories else 1.0
    return "met" if tallies.overall.accuracy >= TARGET_OVERALL and worst >= TARGET_PER_CATEGORY else "MISSED"


def worst_category(tallies: Tallies) -> str:
    if not tallies.categories:
        return "-"
    name, tally = min(tallies.categories.items(), key=lambda item: item[1].accuracy)
    return f"{name} {tally.accuracy:.1%}"


def every_language_verdict(readings: Sequence[Reading]) -> str:
    """Met when every language measured meets the targets on its own (a language's shortfall is
    not made up by another's surplus); the languages with no reader said so."""
    verdicts = [slots_verdict(t) for r in readings if (t := r.tallies) is not None]
    met = "MISSED" if "MISSED" in verdicts or not verdicts else "met"
    unread = [r.language.value for r in readings if r.scored is None]
    return f"{met} ({', '.join(unread)}: {NO_READER})" if unread else met


def worst_of_every_language(readings: Sequence[Reading]) -> str:
    """The lowest category of any language, named with its language ("en typos 93.1%")."""
    categories = [
        (f"{r.language.value} {name}", tally.accuracy)
        for r in readings
        if (t := r.tallies) is not None
        for name, tally in t.categories.items()
    ]
    worst = min(categories, key=lambda item: item[1], default=None)
    return f"{worst[0]} {worst[1]:.1%}" if worst else "-"


def calls_figures(outcomes: Sequence[conversations.Outcome]) -> tuple[int, int, float, str]:
    """Conversations, booked as asked, model calls per booking and its verdict (all must book)."""
    booked = [o for o in outcomes if o.booked]
    # Every model call counts, a failed conversation's too; only a right booking divides them.
    calls = sum(o.calls for o in outcomes) / max(len(booked), 1)
    met = verdict(calls, TARGET_CALLS_PER_BOOKING) if len(booked) == len(outcomes) else "MISSED"
    return len(outcomes), len(booked), calls, met


def figures(results: Results) -> Figures:
    """The headline figures and their verdicts (what ``bench.run`` shows): over every language
    measured, then each language's (``en_slot_accuracy``...), the unmeasured said so."""
    tallies = results.tallies
    played, booked, calls, calls_met = calls_figures(results.played)
    out: Figures = {
        "utterances": sum(r.utterances for r in results.readings),
        "utterances_scored": tallies.overall.utterances,
        "slot_accuracy": tallies.overall.accuracy,
        "worst_category": worst_of_every_language(results.readings),
        "utterance_accuracy": tallies.overall.utterance_accuracy,
        "slots_verdict": every_language_verdict(results.readings),
        "conversations": played,
        "booked_as_expected": booked,
        "calls_per_booking": calls,
        "calls_verdict": calls_met,
    }
    for reading in results.readings:
        out.update(_language_figures(reading))
    for language, outcomes in results.outcomes.items():
        played, booked, calls, calls_met = calls_figures(outcomes)
        code = language.value
        out |= {
            f"{code}_conversations": played,
            f"{code}_booked_as_expected": booked,
            f"{code}_calls_per_booking": calls,
            f"{code}_calls_verdict": calls_met,
        }
    return out


def _language_figures(reading: Reading) -> Figures:
    code, tallies = reading.language.value, reading.tallies
    if tallies is None:
        return {f"{code}_utterances": reading.utterances, f"{code}_slot_accuracy": NO_READER,
                f"{code}_slots_verdict": NO_READER}  # fmt: skip
    return {
        f"{code}_utterances": reading.utterances,
        f"{code}_slot_accuracy": tallies.overall.accuracy,
        f"{code}_worst_category": worst_category(tallies),
        f"{code}_utterance_accuracy": tallies.overall.utterance_accuracy,
        f"{code}_slots_verdict": slots_verdict(tallies),
    }


async def run() -> Figures:
    """Measure and return the figures (``bench.run``), without printing."""
    return {**figures(await measure()), **detection_figures(load()), **await heldout_figures()}


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


def print_language(reading: Reading) -> None:
    """One language's tables, each with its target; a language with no reader says so."""
    title = f"== {reading.language.name.title()} ({reading.language.value}): {reading.utterances} utterances"
    tallies = reading.tallies
    if tallies is None:
        print(f"{title}: {NO_READER}, not measured\n")
        return
    print(f"{title}\n")
    print_tallies(
        f"Per category (target >= {TARGET_PER_CATEGORY:.0%})",
        tallies.categories,
        CATEGORIES,
        TARGET_PER_CATEGORY,
    )
    print_tallies("Per country", tallies.countries, tuple(COUNTRIES[reading.language]), None)
    print_tallies("Per slot", tallies.slots, SLOTS, None)
    print_tallies(
        f"Overall (target >= {TARGET_OVERALL:.0%})", {"all": tallies.overall}, ("all",), TARGET_OVERALL
    )


def language_rows(results: Results) -> list[tuple[str, ...]]:
    """A row per language and one for all: each figure beside its target and verdict."""
    readings = {r.language: r for r in results.readings}
    rows: list[tuple[str, ...]] = []
    for language in [lang for lang in Language if lang in readings or lang in results.outcomes]:
        reading = readings.get(language)
        rows.append((language.value, *_slot_cells(reading), *_call_cells(results.outcomes.get(language))))
    tallies = results.tallies
    scored, total = tallies.overall.utterances, sum(r.utterances for r in results.readings)
    every = (
        f"{total}" if scored == total else f"{total} ({scored} scored)",
        f"{tallies.overall.accuracy:.1%} ({tallies.overall.correct}/{tallies.overall.scored})",
        f">= {TARGET_OVERALL:.0%} in each",
        worst_of_every_language(results.readings),
        f">= {TARGET_PER_CATEGORY:.0%}",
        every_language_verdict(results.readings),
    )
    rows.append(("all", *every, *_call_cells(results.played)))
    return rows


def _slot_cells(reading: Reading | None) -> tuple[str, ...]:
    if reading is None:
        return ("0", "-", "", "-", "", "")
    tallies = reading.tallies
    if tallies is None:
        return (str(reading.utterances), NO_READER, "", "", "", "not measured")
    return (
        str(reading.utterances),
        f"{tallies.overall.accuracy:.1%} ({tallies.overall.correct}/{tallies.overall.scored})",
        f">= {TARGET_OVERALL:.0%}",
        worst_category(tallies),
        f">= {TARGET_PER_CATEGORY:.0%}",
        slots_verdict(tallies),
    )


def _call_cells(outcomes: Sequence[conversations.Outcome] | None) -> tuple[str, ...]:
    if not outcomes:
        return ("-", "", "")
    played, booked, calls, met = calls_figures(outcomes)
    return (f"{calls:.2f}, {booked} of {played} booked", f"<= {TARGET_CALLS_PER_BOOKING:g}, all booked", met)


def print_rows(rows: Sequence[tuple[str, ...]]) -> None:
    header = ("language", "utterances", "slot accuracy", "target", "worst category", "target",
              "verdict", "model calls per booking", "target", "verdict")  # fmt: skip
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    for row in (header, tuple("-" * w for w in widths), *rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description="The offline readers and the hybrid bot on the labelled set")
    parser.add_argument("--failures", action="store_true", help="print every failing utterance")
    parser.add_argument(
        "--language",
        action="append",
        choices=[language.value for language in Language],
        help="measure this language only (repeatable); every language by default",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    languages = tuple(Language(code) for code in args.language) if args.language else tuple(Language)
    results = asyncio.run(measure(languages))
    if args.failures:
        print_failures(results.scored)
    for reading in results.readings:
        print_language(reading)
    for o in results.played:
        if not o.booked:
            print(f"NOT BOOKED as expected: {o.name}: {o.problem}")
    print()
    print_rows(language_rows(results))
    summary = figures(results)
    unseen = asyncio.run(heldout_figures(languages))
    print_table(
        f"Held-out sets, never used to tune a reader (slots >= {TARGET_OVERALL:.0%}, "
        f"each category >= {TARGET_PER_CATEGORY:.0%})",
        unseen,
    )
    told = detection_figures(load())
    print_table(
        f"A patient's language from their first message (told >= {TARGET_TOLD:.0%}, "
        f"another language <= {TARGET_WRONG:.0%})",
        told,
    )
    print_table(
        f"Understanding (slots >= {TARGET_OVERALL:.0%} overall and per language, "
        f">= {TARGET_PER_CATEGORY:.0%} per category; "
        f"model calls per booking <= {TARGET_CALLS_PER_BOOKING:g})",
        summary,
    )
    if any(str(value).startswith("MISSED") for value in _verdicts({**summary, **told, **unseen})):
        raise SystemExit(1)


def _verdicts(summary: Mapping[str, Figure]) -> list[Figure]:
    return [value for key, value in summary.items() if key.endswith("verdict")]
