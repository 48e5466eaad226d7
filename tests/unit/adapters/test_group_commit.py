"""Group commit: deliveries accepted at the same time share one write; each caller gets its own answer."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime

import pytest

from adapters.group_commit import GroupCommitInbox
from adapters.memory.inbox import InboxState, InMemoryInbox
from application.messages import InboundMessage
from domain.ids import ClinicId, PatientAddress

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
CLINIC = ClinicId("sonrisa")


class CountingInbox(InMemoryInbox):
    """The in-memory inbox, counting its writes; it can be told to fail the next one."""

    def __init__(self) -> None:
        super().__init__(InboxState())
        self.writes: list[int] = []
        self.fail_next: Exception | None = None

    async def accept(self, messages: Sequence[InboundMessage], now: datetime) -> list[InboundMessage]:
        self.writes.append(len(messages))
        await asyncio.sleep(0.01)  # a round trip: the next group forms meanwhile
        if self.fail_next is not None:
            failure, self.fail_next = self.fail_next, None
            raise failure
        return await super().accept(messages, now)


def message(n: int, patient: int = 0) -> InboundMessage:
    return InboundMessage.text_message(
        f"wamid.{n}", CLINIC, PatientAddress(f"5691111{patient:04d}"), NOW, "hola"
    )


async def test_a_lone_delivery_is_written_at_once_by_itself() -> None:
    behind = CountingInbox()
    inbox = GroupCommitInbox(behind)
    assert await inbox.accept([message(1)], NOW) == [message(1)]
    assert behind.writes == [1]


async def test_deliveries_accepted_together_share_one_write_and_each_gets_its_own_messages() -> None:
    behind = CountingInbox()
    inbox = GroupCommitInbox(behind)
    answers = await asyncio.gather(*(inbox.accept([message(n, n)], NOW) for n in range(50)))
    assert answers == [[message(n, n)] for n in range(50)]
    assert behind.writes == [50]


async def test_a_group_forms_while_the_previous_write_is_in_flight() -> None:
    behind = CountingInbox()
    inbox = GroupCommitInbox(behind)
    first = asyncio.create_task(inbox.accept([message(0)], NOW))
    await asyncio.sleep(0.001)  # the first write is under way
    later = await asyncio.gather(*(inbox.accept([message(n)], NOW) for n in range(1, 11)))
    assert await first == [message(0)]
    assert later == [[message(n)] for n in range(1, 11)]
    assert behind.writes == [1, 10]


async def test_a_message_delivered_twice_at_once_is_accepted_by_the_first_delivery_only() -> None:
    inbox = GroupCommitInbox(CountingInbox())
    first, second, third = await asyncio.gather(
        inbox.accept([message(1), message(2)], NOW),
        inbox.accept([message(2)], NOW),
        inbox.accept([message(1), message(3)], NOW),
    )
    assert (first, second, third) == ([message(1), message(2)], [], [message(3)])
    assert await inbox.accept([message(3)], NOW) == []  # and later redeliveries are refused


async def test_a_failed_write_fails_every_delivery_of_its_group_and_the_next_group_goes_on() -> None:
    behind = CountingInbox()
    behind.fail_next = ConnectionError("database away")
    inbox = GroupCommitInbox(behind)
    answers = await asyncio.gather(
        *(inbox.accept([message(n)], NOW) for n in range(5)), return_exceptions=True
    )
    assert all(isinstance(answer, ConnectionError) for answer in answers)
    # Nothing was recorded, so Meta's redeliveries are new messages, accepted.
    assert await asyncio.gather(*(inbox.accept([message(n)], NOW) for n in range(5))) == [
        [message(n)] for n in range(5)
    ]


async def test_groups_are_bounded() -> None:
    behind = CountingInbox()
    inbox = GroupCommitInbox(behind, max_group=8)
    await asyncio.gather(*(inbox.accept([message(n)], NOW) for n in range(20)))
    assert behind.writes == [8, 8, 4]


async def test_a_request_cut_off_while_waiting_does_not_stop_its_group() -> None:
    behind = CountingInbox()
    inbox = GroupCommitInbox(behind)
    cut = asyncio.create_task(inbox.accept([message(1)], NOW))
    kept = asyncio.create_task(inbox.accept([message(2)], NOW))
    await asyncio.sleep(0.001)
    cut.cancel()
    assert await kept == [message(2)]
    with pytest.raises(asyncio.CancelledError):
        await cut
    # The cut-off delivery was recorded (not acknowledged): Meta's redelivery is recognised.
    assert await inbox.accept([message(1)], NOW) == []
