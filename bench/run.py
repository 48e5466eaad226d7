"""`make bench`: every benchmark of issue 9 in one run, printed as one table with its targets.

    .venv/bin/python -m bench.run [--quick] [--json FILE]

``--quick`` shortens the load phases (10 s instead of 60 s at the fixed rate) for a first look;
the figures recorded in BENCHMARKS.md come from a full run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import availability, booking, conversations, turns
from bench.intake import Load
from bench.intake import run as intake
from bench.understanding import report as understanding


def machine() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor() or "unknown CPU",
    )  # fmt: skip
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def rows(figures: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(figure, value, target, verdict) rows for the table."""
    cf, rate = figures["intake"]["clinicflow"], figures["intake"]["clinicflow_at_rate"]
    turns, booked = figures["turns"], figures["booking"]
    bare, pywa = figures["intake"]["bare_litestar"], figures["intake"]["pywa"]
    ours, bare_tp = float(cf["throughput"]), float(bare["throughput"])
    pywa_tp = float(pywa.get("throughput", 0) or 0)
    out = [
        ("intake: bare Litestar 200 (acks/s)", f"{bare_tp:,.0f}", "the stack's limit", ""),
        (
            "intake: pywa, no-op handler (acks/s)",
            f"{pywa_tp:,.0f}" if pywa_tp else str(pywa.get("skipped")),
            "",
            "",
        ),
        (
            "intake: ClinicFlow: signature, dedup, durable record (acks/s)",
            f"{ours:,.0f} ({ours / bare_tp:.0%} of bare, {ours / pywa_tp:.1f}x pywa)"
            if pywa_tp
            else f"{ours:,.0f}",
            ">= 50% of bare and >= 2x pywa",
            "met" if ours >= 0.5 * bare_tp and ours >= 2 * pywa_tp else "MISSED",
        ),
        ("intake: ClinicFlow p50 / p99 closed loop (ms)", f"{cf['p50_ms']} / {cf['p99_ms']}", "", ""),
        (
            f"intake: p50 / p99 at {rate['offered_rate']:g}/s for {rate['offered_seconds']:g} s (ms)",
            f"{rate['p50_ms']} / {rate['p99_ms']} (achieved {rate['throughput']:,.0f}/s)",
            "p99 < 25 ms at 1,000/s for 60 s",
            "met"
            if float(rate["p99_ms"]) < 25 and float(rate["throughput"]) >= 0.99 * rate["offered_rate"]
            else "MISSED",
        ),
        (
            "server CPU per acknowledged delivery (ms): ClinicFlow / bare / pywa",
            f"{cf['server_cpu_ms_per_delivery']} / {bare['server_cpu_ms_per_delivery']} / "
            f"{pywa.get('server_cpu_ms_per_delivery', '-')}",
            "",
            "",
        ),
        (
            "turns per second, zero-latency NLU (one worker)",
            f"{turns['turns_per_second']:,.1f} over {turns['turns']:,} turns",
            "",
            "",
        ),
        (
            "CPU per turn: worker / PostgreSQL and Redis (ms)",
            f"{turns['worker_cpu_ms_per_turn']} / {turns['postgres_redis_cpu_ms_per_turn']}",
            "",
            "",
        ),
        (
            "6-message booking end to end, NLU at 800 ms (s)",
            f"{booked['mean_total_s']} mean of {len(booked['conversations'])} bookings, "
            f"{booked['model_calls']} model calls; slowest step {booked['slowest_step_s']}",
            "",
            "",
        ),
    ]
    conv = figures["conversations"]
    out.append(
        (
            "LLM calls per completed booking (suite of conversations)",
            f"{conv['calls_per_booking']:.2f} over {conv['completed']} bookings",
            "<= 1.0",
            str(conv["verdict"]),
        )
    )
    out.append(("tokens per booking: input / output; cost (USD)", conv["tokens_and_cost"], "", ""))
    read = figures["understanding"]
    out.append(
        (
            f"reading: slot accuracy over {read['utterances']} labelled utterances (worst category)",
            f"{read['slot_accuracy']:.1%} ({read['worst_category']})",
            ">= 97%, each category >= 90%",
            str(read["slots_verdict"]),
        )
    )
    out.append(
        (
            f"reading: LLM calls per booking, {read['conversations']} conversations "
            "(Spanish of six countries, English, Portuguese)",
            f"{read['calls_per_booking']:.2f}; "
            f"{read['booked_as_expected']} of {read['conversations']} booked as asked",
            "<= 0.7, all booked",
            str(read["calls_verdict"]),
        )
    )
    for language in ("es", "en", "pt"):
        out.append(
            (
                f"reading {language}: slots; first message tells the language / another",
                f"{_share(read[f'{language}_slot_accuracy'])}; {read[f'{language}_language_told']:.0%}"
                f" / {read[f'{language}_language_wrong']:.1%}",
                ">= 97%; >= 90% / <= 1%",
                f"{read[f'{language}_slots_verdict']}; {read[f'{language}_language_verdict']}",
            )
        )
    avail = figures["availability"]
    out.append(
        (
            "availability, 20 doctors x 60 days: median / p95 (ms)",
            f"{avail['compute_median_ms']:.2f} / {avail['compute_p95_ms']:.2f}",
            "< 10 ms",
            str(avail["verdict"]),
        )
    )
    memory = figures["intake"]["memory"]
    out.append(
        (
            f"server memory after {memory['deliveries']} deliveries (MB)",
            f"{memory['rss_small_mb']} / {memory['rss_large_mb']} ({memory['growth_percent']:+.1f}%)",
            "growth < 10%",
            "met" if float(memory["growth_percent"]) < 10 else "MISSED",
        )
    )
    return out


def print_rows(table: list[tuple[str, str, str, str]]) -> None:
    widths = [max(len(row[i]) for row in table) for i in range(4)]
    header = ("figure", "value", "target", "verdict")
    widths = [max(w, len(h)) for w, h in zip(widths, header, strict=True)]
    for row in (header, tuple("-" * w for w in widths), *table):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


def main() -> None:
    parser = argparse.ArgumentParser(description="ClinicFlow's benchmarks, with their targets")
    parser.add_argument("--quick", action="store_true", help="shorter load phases, for a first look")
    parser.add_argument("--json", type=Path, help="also write every raw figure to this file")
    args = parser.parse_args()
    load = Load(seconds=5, rate_seconds=10, memory_deliveries=10_000) if args.quick else Load()
    print(f"ClinicFlow benchmarks, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, on {machine()}\n", flush=True)
    figures: dict[str, Any] = {"availability": availability.run()}
    figures["conversations"] = conversations.summary(asyncio.run(conversations.run()))
    figures["understanding"] = asyncio.run(understanding.run())  # fast: whole even with --quick
    figures["intake"] = intake(load)
    figures["booking"] = booking.run()
    figures["turns"] = turns.run(turns.Rounds(patients=200) if args.quick else turns.Rounds())
    figures["intake"]["clinicflow_at_rate"].update(offered_rate=load.rate, offered_seconds=load.rate_seconds)
    print_rows(rows(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str))
        print(f"\nraw figures: {args.json}", file=sys.stderr)


if __name__ == "__main__":
    main()


def _share(value: object) -> str:
    """A share as a percentage; a figure that is no number ("no offline reader yet") as it is."""
    return f"{value:.1%}" if isinstance(value, float) else str(value)
