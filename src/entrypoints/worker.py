"""`clinicflow worker`: send due reminders, and answer what no server took up, until told to stop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

from adapters.postgres.hashed_ids import hash_raw_message_ids
from entrypoints.container import Container, start_services, stop_services, unready
from entrypoints.hand_offs import hand_offs_once
from entrypoints.settings import SettingsError

log = logging.getLogger(__name__)


async def run_worker(container: Container, *, once: bool = False) -> None:
    """Claim and send reminders in batches, and sweep the inbox and outbox for conversations left
    waiting; on SIGTERM or SIGINT, finish the send in flight, hand the rest of the batch back to
    the queue (so another worker takes it at once), let running turns finish, and stop.

    ``once`` stops when nothing is due any more (a cron job, or a test).
    """
    settings = container.settings()
    if not settings.durable:
        raise SettingsError(
            "the worker needs DATABASE_URL (PostgreSQL): reminders are queued in the database"
        )
    await start_services(container)
    stop_metrics = (
        container.metrics().serve(settings.worker_metrics_port) if settings.worker_metrics_port else None
    )
    background = [
        asyncio.create_task(_watch_dependencies(container), name="dependency checks"),
        asyncio.create_task(_watch_privacy_deadlines(container), name="privacy deadlines"),
    ]
    if not once:
        background += _wake_ups(container)
        background.append(asyncio.create_task(_keep_retention(container), name="retention"))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    try:
        if once:
            await _purge_expired(container)
        await _work(container, stop, once=once)
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)
        for task in background:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if stop_metrics is not None:
            stop_metrics()
        await container.turns().drain(settings.shutdown_grace.total_seconds())
        await stop_services(container)
    log.info("worker stopped")


def _wake_ups(container: Container) -> list[asyncio.Task[None]]:
    """A turn started as soon as the inbox's NOTIFY says a message came in (not behind a pooler)."""
    if container.settings().database_transaction_pooler:
        log.info("behind a transaction pooler the worker cannot LISTEN: it finds new messages by polling")
        return []
    turns = container.turns()
    listener = container.inbox_wakeups()
    return [asyncio.create_task(listener.listen(lambda key: turns.start(*key)), name="wake-ups")]


async def _work(container: Container, stop: asyncio.Event, *, once: bool) -> None:
    """Until ``stop``: sweep for what no server took up, then send a batch of due reminders."""
    settings = container.settings()
    send = container.send_reminders()
    turns = container.turns()
    poll = settings.worker_poll.total_seconds()
    log.info("worker started: lease %s, polling every %.1f s", settings.reminder_lease, poll)
    while not stop.is_set():
        # Messages and replies no server took up (it crashed, or none runs): answer and send them.
        try:
            await turns.sweep_once()
        except Exception as failure:
            log.warning("inbox sweep failed: %s: %s", type(failure).__name__, failure)
        await hand_offs_once(container)
        try:
            report = await send(stopping=stop.is_set)
        except Exception:
            # The database or Meta may be down for a while: keep the worker, try again later.
            log.exception("reminder batch failed; retrying in %.1f s", poll)
            await _wait(stop, poll)
            continue
        if report.claimed:
            log.info(
                "reminders: %d sent, %d to retry, %d failed, %d skipped, %d handed back",
                report.sent,
                report.retried,
                report.failed,
                report.skipped,
                report.released,
            )
        if report.claimed < send.batch_size:
            if once:
                return
            await _wait(stop, poll)


async def _keep_retention(container: Container) -> None:
    """Forget, every ``retention_every``, what each clinic's retention periods no longer cover."""
    every = container.settings().retention_every.total_seconds()
    while True:
        await _purge_expired(container)
        await asyncio.sleep(every)


async def _purge_expired(container: Container) -> None:
    try:
        # Message ids kept from before 0025 are hashed here: only a process holding the key can.
        converted = await hash_raw_message_ids(container.database(), container.message_keys())
        if converted:
            log.info("message ids kept from before replaced by their keyed hashes: %d", converted)
    except Exception as failure:
        log.warning("hashing kept message ids failed: %s: %s", type(failure).__name__, failure)
    try:
        await container.purge_expired()()
    except Exception as failure:
        # The database may be away for a while: the next round purges what this one left.
        log.warning("retention purge failed: %s: %s", type(failure).__name__, failure)


async def _watch_dependencies(container: Container, every: float = 10.0) -> None:
    """Keep the ``clinicflow_dependency_up`` gauges current (``serve`` checks at each scrape)."""
    while True:
        down = await unready(container)
        if down:
            log.warning("unreachable: %s", ", ".join(down))
        await asyncio.sleep(every)


async def _watch_privacy_deadlines(container: Container, every: float = 3600.0) -> None:
    """Warn in the log of patients' requests about their data within three days of their legal
    deadline, or past it (issue 24): at start, then every hour."""
    warn = container.warn_of_deadlines()
    while True:
        try:
            await warn()
        except Exception as failure:  # the database may be away: the next round tries again
            log.warning("privacy deadline check failed: %s: %s", type(failure).__name__, failure)
        await asyncio.sleep(every)


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            await stop.wait()
