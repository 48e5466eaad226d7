"""Where the webhook's CPU goes: py-spy samples `clinicflow serve` while the load generator drives it.

    .venv/bin/python -m bench.profile [--seconds 10] [--turns workers|inline] [--top 25]

`serve` runs as in bench.intake (PostgreSQL, Redis, a fake Graph API answering in 50 ms), with
answering left to workers (``--turns workers``, the default: the intake alone) or done in the
same process (``--turns inline``: intake and turns). py-spy (a sampling profiler in its own
process, attached to the server) records only samples where the server was on the CPU, so
the figures are shares of the server's CPU time, not of its waiting. Prints the functions
with the most samples of their own, and the application's and libraries' functions by
samples in them or below them; the raw stacks are kept for flame graphs.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from tests.integration.servers.fake_graph import Answer, fake_graph_api

from bench.intake import Load, drive, production_stack

RATE_HZ = 250


def sampled(seconds: float, turns: str, out: Path) -> dict[str, object]:
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    with fake_graph_api() as graph:
        graph.answer_for(3600, Answer(delay_seconds=0.05))
        with production_stack(graph, turns=turns) as stack:
            drive(stack.server, Load(seconds=2))  # warm up: imports, pools, caches
            spy = subprocess.Popen(
                [py_spy, "record", "--pid", str(stack.server.process.pid), "--format", "raw",
                 "--rate", str(RATE_HZ), "--nonblocking", "--output", str(out),
                 "--duration", str(int(seconds) + 1)],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            )  # fmt: skip
            time.sleep(0.5)
            summary = drive(stack.server, Load(seconds=seconds))
            _, errors = spy.communicate(timeout=seconds + 60)
            if spy.returncode != 0:
                raise RuntimeError(f"py-spy failed: {errors[-2000:]}")
    return summary


def frames(line: str) -> tuple[list[str], int]:
    stack, _, count = line.rpartition(" ")
    return stack.split(";"), int(count)


def short(frame: str) -> str:
    """``function (path/to/file.py:12)`` without the environment's prefix."""
    for marker in ("site-packages/", "/src/", "lib/python3"):
        if marker in frame:
            head, _, tail = frame.partition("(")
            return f"{head}({tail.split(marker, 1)[1]}"
    return frame


def report(out: Path, top: int) -> None:
    own: Counter[str] = Counter()
    inside: Counter[str] = Counter()
    total = 0
    for line in out.read_text().splitlines():
        if not line.strip():
            continue
        stack, count = frames(line)
        total += count
        own[short(stack[-1])] += count
        for frame in {short(f) for f in stack}:
            inside[frame] += count
    print(f"{total} samples of the server on the CPU\n")
    print(f"functions by samples of their own (top {top}):")
    for frame, count in own.most_common(top):
        print(f"  {count / total:6.1%}  {frame}")
    print(f"\nfunctions by samples in them or below (top {top}, application and its libraries):")
    interesting = ("/src/", "litestar", "asyncpg", "redis", "uvicorn", "msgspec", "httptools", "logging")
    shown = 0
    for frame, count in inside.most_common():
        if any(word in frame for word in interesting) or not frame.endswith(")"):
            print(f"  {count / total:6.1%}  {frame}")
            shown += 1
            if shown == top:
                break


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--turns", choices=("workers", "inline"), default="workers")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    out = Path(tempfile.mkstemp(prefix="clinicflow-serve-", suffix=".stacks")[1])
    summary = sampled(args.seconds, args.turns, out)
    print(
        f"while sampled: {summary['throughput']} acks/s, p50 {summary['p50_ms']} ms, "
        f"server CPU {summary['server_cpu_ms_per_delivery']} ms per delivery"
    )
    report(out, args.top)
    print(f"\nstacks kept in {out} (collapsed: flamegraph.pl or speedscope read them)", file=sys.stderr)


if __name__ == "__main__":
    main()
