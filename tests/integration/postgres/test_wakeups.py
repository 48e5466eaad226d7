"""Workers woken by the inbox on a real PostgreSQL: a new message announces its conversation at commit."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from adapters.postgres.database import Database
from adapters.postgres.inbox import PostgresInbox
from adapters.postgres.wakeups import InboxWakeups
from application.messages import InboundMessage
from application.ports import Conversation
from domain.clinic import Clinic
from domain.ids import AddressKind, PatientAddress
from tests.factories import MESSAGE_KEYS
from tests.integration.servers._process import not_here
from tests.integration.servers.postgres import PostgresServer

pytestmark = pytest.mark.integration

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
ANA = PatientAddress("56911112222")
BETO = PatientAddress("US.13491208655302741918", AddressKind.USER_ID)


class Heard:
    def __init__(self) -> None:
        self.conversations: list[Conversation] = []
        self._changed = asyncio.Event()

    def __call__(self, conversation: Conversation) -> None:
        self.conversations.append(conversation)
        self._changed.set()

    async def at_least(self, count: int, seconds: float = 5) -> list[Conversation]:
        async with asyncio.timeout(seconds):
            while len(self.conversations) < count:
                self._changed.clear()
                await self._changed.wait()
        return self.conversations


@pytest.fixture
async def listening(database: Database) -> AsyncIterator[tuple[InboxWakeups, Heard]]:
    wakeups = InboxWakeups(database, check_seconds=0.5, reconnect_seconds=0.1)
    heard = Heard()
    task = asyncio.create_task(wakeups.listen(heard))
    async with asyncio.timeout(5):
        await wakeups.listening.wait()
    yield wakeups, heard
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


def said(clinic: Clinic, message_id: str, who: PatientAddress = ANA) -> InboundMessage:
    return InboundMessage.text_message(message_id, clinic.id, who, NOW, "hola")


async def test_each_new_message_wakes_its_conversation_and_a_redelivery_wakes_nobody(
    sonrisa: Clinic, database: Database, listening: tuple[InboxWakeups, Heard]
) -> None:
    _, heard = listening
    inbox = PostgresInbox(database, MESSAGE_KEYS, wake_workers=True)
    first, second = said(sonrisa, "wamid.1"), said(sonrisa, "wamid.2", BETO)
    assert await inbox.accept([first, second], NOW) == [first, second]
    assert sorted(await heard.at_least(2), key=str) == sorted(
        [(sonrisa.id, ANA), (sonrisa.id, BETO)], key=str
    )
    assert await inbox.accept([first], NOW) == []
    await inbox.accept([said(sonrisa, "wamid.3")], NOW)
    assert (await heard.at_least(3))[2:] == [(sonrisa.id, ANA)]  # wamid.1's redelivery woke nobody


async def test_a_woken_conversation_is_due_at_once_but_otherwise_waits_for_the_webhook(
    sonrisa: Clinic, database: Database
) -> None:
    woken = PostgresInbox(database, MESSAGE_KEYS, wake_workers=True)
    await woken.accept([said(sonrisa, "wamid.w")], NOW)
    assert await woken.waiting(NOW, 10) == [(sonrisa.id, ANA)]
    inline = PostgresInbox(
        database, MESSAGE_KEYS
    )  # the accepting process starts the turn; the sweep waits a grace
    await inline.accept([said(sonrisa, "wamid.i", BETO)], NOW)
    assert await inline.waiting(NOW, 10) == [(sonrisa.id, ANA)]


async def test_after_the_database_restarts_the_listener_listens_again(
    sonrisa: Clinic, database: Database, postgres: PostgresServer, listening: tuple[InboxWakeups, Heard]
) -> None:
    if not postgres.can_restart:
        not_here("this PostgreSQL is not the tests' own: it cannot be stopped")
    wakeups, heard = listening
    postgres.stop()
    async with asyncio.timeout(10):
        while wakeups.listening.is_set():  # noqa: ASYNC110 (a poll of the listener's own flag)
            await asyncio.sleep(0.05)
    postgres.start()
    async with asyncio.timeout(20):
        await wakeups.listening.wait()
    inbox = PostgresInbox(database, MESSAGE_KEYS, wake_workers=True)
    for _ in range(100):  # the pool's connections broke with the server: the first tries may fail
        try:
            await inbox.accept([said(sonrisa, "wamid.after")], NOW)
            break
        except Exception:
            await asyncio.sleep(0.1)
    assert await heard.at_least(1) == [(sonrisa.id, ANA)]
