"""Run `clinicflow` as a separate process, the way users and deployments do."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

# Settings a developer's shell may carry that must not leak into a test's process.
OUR_VARIABLES = ("CLINICFLOW_", "META_", "DATABASE_", "REDIS_")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


# Every process of one test's stack shares Redis, so they share the key of its hashes, as in production.
TEST_HASH_KEY = "test-hash-key-" + "0123456789abcdef" * 2


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(OUR_VARIABLES)}
    if "REDIS_URL" in extra:
        extra = {"CLINICFLOW_HASH_KEY": TEST_HASH_KEY, **extra}
    return {**env, **extra}


def clinicflow(*args: str, env: dict[str, str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "entrypoints.cli", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@contextmanager
def demo_server(database_url: str, redis_url: str, secret: str, now: str, **extra: str) -> Iterator[str]:
    """`clinicflow serve` of the demo clinic on PostgreSQL and Redis, pretending it is ``now``, with
    quick sweeps; yields its base URL."""
    env = clean_env(
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        META_APP_SECRET=secret,
        META_VERIFY_TOKEN="verify",
        CLINICFLOW_SWEEP_MS="200",
        CLINICFLOW_SWEEP_GRACE_MS="500",
        **extra,
    )
    loaded = clinicflow("clinic", "load", "--demo", env=env)
    assert loaded.returncode == 0, loaded.stderr
    with running_server(env, "--now", now) as url:
        yield url


@contextmanager
def running_server(env: dict[str, str], *args: str) -> Iterator[str]:
    """`clinicflow serve` on a free port until the block ends; yields its base URL."""
    with serving(env, *args) as (base, _):
        yield base


@contextmanager
def serving(env: dict[str, str], *args: str) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """`clinicflow serve` on a free port until the block ends; yields its base URL and process
    (its stderr a pipe, read only when it fails to start)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "entrypoints.cli", "serve", "--port", str(port), *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        # A start compiles nothing (bytecode comes with the install), but a loaded machine may take
        # a while: 60 s, as the fault harness allows.
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/health", timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    # Stopped first: reading the pipe of a process still running would wait forever.
                    process.kill()
                    _, output = process.communicate(timeout=10)
                    raise RuntimeError(f"server did not start: {output}") from None
                time.sleep(0.1)
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=10)
