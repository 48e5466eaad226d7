"""Turns: how many conversation turns a worker answers per second, and the CPU each costs (figure 2).

Run from the repository root: ``.venv/bin/python -m bench.turns``.

`clinicflow serve` records (``CLINICFLOW_TURNS=workers``) and one `clinicflow worker` answers, as
in production: PostgreSQL and Redis on this machine, the offline reader (a zero-latency NLU),
replies through a fake Graph API answering in 50 ms. In each round every patient sends the next
message of a booking ("Quiero agendar una cita", "mañana en la tarde", "a las 4", "gracias"),
as signed deliveries from the load generator; the round ends when every message is handled and
every reply was taken by the Graph API. A turn here is one message answered: read, the
session and the clinic's availability loaded, the state moved on, the session, the inbox
and the outbox committed in one transaction, the reply sent and marked sent.

Figures: turns per second over all rounds; the worker's CPU per turn; the CPU PostgreSQL and
Redis spent meanwhile, per turn (every process of this machine named postgres or redis-server,
so run it on an otherwise idle machine).
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

import asyncpg
from tests.integration.servers.fake_graph import Answer, fake_graph_api

from bench.intake import Load, drive, production_stack

TEXTS_PER_BOOKING = 4  # bench.loadgen's messages, one per round


@dataclass(frozen=True)
class Rounds:
    patients: int = 500
    rounds: int = TEXTS_PER_BOOKING
    graph_latency: float = 0.05


def services_cpu_seconds() -> float:
    """CPU time of every PostgreSQL and Redis process on this machine."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            name, _, rest = stat.read_text().partition(") ")
        except OSError:
            continue  # gone meanwhile
        if name.rsplit("(", 1)[-1] in ("postgres", "redis-server"):
            fields = rest.split()
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


async def waiting(database_url: str) -> int:
    connection = await asyncpg.connect(database_url)
    try:
        count: int = await connection.fetchval(
            "SELECT (SELECT count(*) FROM inbound_messages WHERE status = 'pending')"
            " + (SELECT count(*) FROM outbox WHERE status = 'pending')"
        )
        return count
    finally:
        await connection.close()


def drained(database_url: str, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while asyncio.run(waiting(database_url)):
        if time.monotonic() > deadline:
            raise RuntimeError("the worker did not answer every message in time")
        time.sleep(0.05)


def run(rounds: Rounds = Rounds()) -> dict[str, object]:
    load = Load(connections=16)
    with fake_graph_api() as graph:
        graph.answer_for(24 * 3600, Answer(delay_seconds=rounds.graph_latency))
        with production_stack(graph, turns="workers", workers=1) as stack:
            worker = stack.workers[0]
            turns, seconds, worker_cpu, services_cpu = 0, 0.0, 0.0, 0.0
            for number in range(rounds.rounds):
                cpu_before, services_before = worker.cpu_seconds(), services_cpu_seconds()
                started = time.perf_counter()
                first = number * rounds.patients
                drive(stack.server, load, count=rounds.patients, first=first, patients=rounds.patients)
                drained(stack.env["DATABASE_URL"])
                seconds += time.perf_counter() - started
                worker_cpu += worker.cpu_seconds() - cpu_before
                services_cpu += services_cpu_seconds() - services_before
                turns += rounds.patients
            replies = len(graph.accepted)
    return {
        "turns": turns,
        "replies": replies,
        "seconds": round(seconds, 2),
        "turns_per_second": round(turns / seconds, 1),
        "worker_cpu_ms_per_turn": round(worker_cpu * 1000 / turns, 2),
        "postgres_redis_cpu_ms_per_turn": round(services_cpu * 1000 / turns, 2),
        "graph_latency_ms": round(rounds.graph_latency * 1000),
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
