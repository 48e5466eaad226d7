"""A load generator for webhook endpoints, run as its own process: signed Meta deliveries over keep-alive
HTTP/1.1 connections, written on raw asyncio streams so that the generator costs far less than the server.

Two modes:
- ``--rate 0`` (closed loop): every connection sends its next delivery as soon as the last one is answered,
  for ``--seconds``: the most the endpoint acknowledges per second.
- ``--rate R``: deliveries are started on a fixed schedule of R per second (open loop), whatever the
  answers, so a slow server shows up as latency rather than as a lower offered rate.

Prints one JSON object: sent, answered, errors by status, throughput, latency percentiles in ms.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

PHONE_NUMBER_ID = "100000000000001"  # the demo clinic's


def delivery(index: int, run: str, patients: int, epoch: int) -> bytes:
    """A realistic one-message delivery from one of ``patients`` patients (Meta's envelope, ~700 bytes)."""
    sender = f"5697{index % patients:07d}"
    text = ("Quiero agendar una cita", "mañana en la tarde", "a las 4", "gracias")[index // patients % 4]
    payload = {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "102290129340398",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {
                                "display_phone_number": "56222345678",
                                "phone_number_id": PHONE_NUMBER_ID,
                            },
                            "contacts": [{"profile": {"name": "Paciente"}, "wa_id": sender}],
                            "messages": [
                                {
                                    "from": sender,
                                    "id": f"wamid.bench.{run}.{index}",
                                    "timestamp": str(epoch + index // patients),
                                    "type": "text",
                                    "text": {"body": text},
                                }
                            ],
                        },
                    }
                ],
            }
        ],
    }
    return json.dumps(payload, ensure_ascii=False).encode()


def request(host: str, path: str, body: bytes, secret: str) -> bytes:
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"X-Hub-Signature-256: {signature}\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


@dataclass
class Results:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    errors: int = 0

    def summary(self, seconds: float, sent: int) -> dict[str, object]:
        ms = sorted(x * 1000 for x in self.latencies)

        def pct(p: float) -> float:
            return round(ms[min(len(ms) - 1, int(p * len(ms)))], 2) if ms else float("nan")

        return {
            "sent": sent,
            "answered": len(ms),
            "ok": self.statuses.get(200, 0),
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "errors": self.errors,
            "seconds": round(seconds, 2),
            "throughput": round(self.statuses.get(200, 0) / seconds, 1) if seconds else 0.0,
            "p50_ms": pct(0.50),
            "p90_ms": pct(0.90),
            "p99_ms": pct(0.99),
            "max_ms": round(ms[-1], 2) if ms else float("nan"),
            "mean_ms": round(statistics.fmean(ms), 2) if ms else float("nan"),
        }


async def read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    if length:
        await reader.readexactly(length)
    return status


class Connection:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        self.lock = asyncio.Lock()

    async def exchange(self, raw: bytes, results: Results, scheduled: float | None = None) -> None:
        """Send one request and read its answer. Latency runs from ``scheduled`` when given (open loop:
        time spent waiting for a free connection counts, or a slow server would hide its queue)."""
        async with self.lock:
            started = scheduled if scheduled is not None else time.perf_counter()
            try:
                if self.streams is None:
                    self.streams = await asyncio.open_connection(self.host, self.port)
                reader, writer = self.streams
                writer.write(raw)
                await writer.drain()
                status = await read_response(reader)
            except (OSError, asyncio.IncompleteReadError, ValueError):
                results.errors += 1
                self.streams = None
                return
            results.latencies.append(time.perf_counter() - started)
            results.statuses[status] += 1


async def closed_loop(
    connections: list[Connection], bodies: list[bytes], seconds: float, results: Results
) -> int:
    deadline = time.perf_counter() + seconds
    next_index = 0

    async def worker(connection: Connection) -> None:
        nonlocal next_index
        while time.perf_counter() < deadline and next_index < len(bodies):
            raw = bodies[next_index]
            next_index += 1
            await connection.exchange(raw, results)

    await asyncio.gather(*(worker(c) for c in connections))
    return next_index


async def open_loop(
    connections: list[Connection], bodies: list[bytes], rate: float, seconds: float, results: Results
) -> int:
    total = min(len(bodies), int(rate * seconds))
    started = time.perf_counter()
    pending: set[asyncio.Task[None]] = set()
    free: asyncio.Queue[Connection] = asyncio.Queue()
    for connection in connections:
        free.put_nowait(connection)

    async def one(raw: bytes, scheduled: float) -> None:
        connection = await free.get()
        try:
            await connection.exchange(raw, results, scheduled)
        finally:
            free.put_nowait(connection)

    for index in range(total):
        scheduled = started + index / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        task = asyncio.create_task(one(bodies[index], scheduled))
        pending.add(task)
        task.add_done_callback(pending.discard)
    await asyncio.gather(*pending)
    return total


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="e.g. http://127.0.0.1:8000/webhooks/whatsapp")
    parser.add_argument("--secret", required=True)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument(
        "--rate", type=float, default=0, help="deliveries per second; 0 = as fast as answered"
    )
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--patients", type=int, default=200)
    parser.add_argument("--count", type=int, default=0, help="deliveries to prepare (default: enough)")
    parser.add_argument(
        "--first", type=int, default=0, help="index of the first delivery (patient = index %% patients)"
    )
    parser.add_argument("--run", default=f"{time.time_ns():x}", help="makes message ids unique per run")
    args = parser.parse_args()
    parts = urlsplit(args.url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    count = args.count or int((args.rate or 20_000) * args.seconds) + 1
    epoch = int(time.time())
    bodies = [request(f"{host}:{port}", parts.path, delivery(i, args.run, args.patients, epoch), args.secret)
              for i in range(args.first, args.first + count)]  # fmt: skip
    connections = [Connection(host, port) for _ in range(args.connections)]
    results = Results()
    started = time.perf_counter()
    if args.rate > 0:
        sent = await open_loop(connections, bodies, args.rate, args.seconds, results)
    else:
        sent = await closed_loop(connections, bodies, args.seconds, results)
    elapsed = time.perf_counter() - started
    for connection in connections:
        if connection.streams is not None:
            connection.streams[1].close()
    json.dump(results.summary(elapsed, sent), sys.stdout)
    print()


if __name__ == "__main__":
    asyncio.run(main())
