"""Workers woken by the inbox: PostgreSQL's LISTEN/NOTIFY instead of polling for new messages.

With ``CLINICFLOW_TURNS=workers`` the webhook's insert announces each new message's
conversation on a channel (``PostgresInbox(wake_workers=True)``); every worker listens on
one connection of its own and starts that conversation's turn at once. A notification
is a hint, not the record: one missed while a worker reconnects is found by its sweep,
and two workers woken for one conversation are kept apart by the inbox's lease.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable

import asyncpg

from adapters.postgres.database import Connection, Database, DatabaseUnavailable
from adapters.postgres.inbox import WAKE_CHANNEL
from application.ports import Conversation
from domain.ids import AddressKind, ClinicId, PatientAddress

log = logging.getLogger(__name__)


class InboxWakeups:
    """Calls ``wake`` for every conversation the inbox announces, until cancelled."""

    def __init__(
        self, database: Database, *, check_seconds: float = 30.0, reconnect_seconds: float = 1.0
    ) -> None:
        self._database = database
        self._check_seconds = check_seconds  # an idle connection is checked this often
        self._reconnect_seconds = reconnect_seconds
        self.listening = asyncio.Event()  # set while a connection listens (tests wait for it)

    async def listen(self, wake: Callable[[Conversation], None]) -> None:
        """Listen, and listen again after the connection drops (the database restarted, say)."""
        pause = self._reconnect_seconds
        while True:
            try:
                await self._listen_once(wake)
                pause = self._reconnect_seconds
            except (DatabaseUnavailable, OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as lost:
                log.warning("inbox wake-ups: %s: %s; the sweep answers meanwhile", type(lost).__name__, lost)
            finally:
                self.listening.clear()
            await asyncio.sleep(pause)
            pause = min(pause * 2, 30.0)

    async def _listen_once(self, wake: Callable[[Conversation], None]) -> None:
        connection = await self._database.connect()
        closed = asyncio.Event()
        connection.add_termination_listener(lambda _: closed.set())

        def heard(_connection: Connection, _pid: int, _channel: str, payload: object) -> None:
            conversation = _conversation(str(payload))
            if conversation is None:
                log.warning("inbox wake-ups: an announcement that is not a conversation ignored")
                return
            wake(conversation)

        try:
            await connection.add_listener(WAKE_CHANNEL, heard)
            self.listening.set()
            log.info("inbox wake-ups: listening")
            while not closed.is_set():
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self._check_seconds):
                        await closed.wait()
                if not closed.is_set():
                    # A connection whose peer vanished without a word is found out only by using it.
                    await connection.fetchval("SELECT 1", timeout=self._check_seconds)
            raise DatabaseUnavailable("the listening connection was closed")
        finally:
            try:
                async with asyncio.timeout(5):
                    await connection.close()
            except Exception:
                connection.terminate()


def _conversation(payload: str) -> Conversation | None:
    try:
        clinic_id, kind, address = json.loads(payload)
        return ClinicId(str(clinic_id)), PatientAddress(str(address), AddressKind(kind))
    except (ValueError, TypeError):
        return None
