"""The metered decorators count what passes through the ports, and change nothing of it: lock
waits by outcome, sends by outcome, appointments once their unit of work commits."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from adapters.memory.lock import InMemoryConversationLock
from adapters.memory.sender import RecordingSender
from adapters.memory.store import InMemoryUnitOfWorkFactory
from adapters.observability.metered import MeteredLock, MeteredSender, MeteredUnitsOfWork
from adapters.observability.prometheus import PrometheusMetrics
from application.messages import InboundKind, TextReply
from application.ports import DeliveryFailed, LockUnavailable
from domain.appointment import Appointment
from domain.availability import Slot
from domain.errors import SlotTaken
from domain.ids import AppointmentId, PatientAddress
from tests.counting_metrics import CountingMetrics
from tests.factories import clinic, doctor
from tests.unit.application.conftest import FlakySender, RateLimited, Refused

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("America/Santiago"))
ANA = PatientAddress("56911112222")
CLINIC = clinic(doctor("perez"))


async def test_lock_waits_are_timed_and_a_timeout_counted() -> None:
    metrics = CountingMetrics()
    inner = InMemoryConversationLock(settle_seconds=0, wait_seconds=0.05)
    lock = MeteredLock(inner, metrics)
    async with lock.hold(CLINIC.id, ANA, NOW):
        with pytest.raises(LockUnavailable):
            async with lock.hold(CLINIC.id, ANA, NOW):
                pass
    assert metrics.counted == {("lock_wait", "acquired"): 1, ("lock_wait", "timed_out"): 1}
    [_, (_, waited)] = metrics.seconds
    assert waited >= 0.05


async def test_sends_are_counted_by_outcome_and_failures_still_raised() -> None:
    metrics = CountingMetrics()
    recorded = RecordingSender()
    sender = MeteredSender(FlakySender(recorded, [RateLimited("429"), Refused("bad number")]), metrics)
    hello = TextReply("hola")
    for failure in (RateLimited, Refused):
        with pytest.raises(failure):
            await sender.send(CLINIC, ANA, hello)
    await sender.send(CLINIC, ANA, hello, "ref-1")
    assert [s.reference for s in recorded.sent] == ["ref-1"]
    assert metrics.counted == {("send", "retryable"): 1, ("send", "rejected"): 1, ("send", "sent"): 1}
    assert isinstance(Refused("x"), DeliveryFailed)


def _appointment(hour: int) -> Appointment:
    start = NOW.replace(hour=hour) + timedelta(days=1)
    slot = Slot(start, start + timedelta(minutes=30), CLINIC.doctors[0].id)
    return Appointment.book(
        AppointmentId(str(uuid.uuid4())), CLINIC, slot, patient=ANA, patient_name="Ana", now=NOW
    )


async def test_appointments_count_as_booked_only_when_their_unit_commits() -> None:
    metrics = CountingMetrics()
    store = InMemoryUnitOfWorkFactory()
    units = MeteredUnitsOfWork(store, metrics)
    async with units() as uow:
        await uow.appointments.add(_appointment(10))  # rolled back: never booked
    assert metrics.counted["booking", "booked"] == 0
    async with units() as uow:
        await uow.appointments.add(_appointment(10))
        await uow.appointments.add(_appointment(11))
        await uow.commit()
        await uow.commit()  # nothing new staged: nothing more counted
    assert metrics.counted["booking", "booked"] == 2
    assert len(store.store.appointments) == 2
    async with units() as uow:
        with pytest.raises(SlotTaken):
            await uow.appointments.add(_appointment(10))
    assert metrics.counted["booking", "taken"] == 1


def test_prometheus_exposition_names_each_series_without_a_phone_number() -> None:
    metrics = PrometheusMetrics()
    metrics.delivery("accepted")
    metrics.messages(new=[InboundKind.TEXT, InboundKind.AUDIO, InboundKind.TEXT], duplicates=1)
    metrics.turn("answered", 0.2)
    metrics.nlu_call("claude", "ok", 0.8)
    metrics.nlu_tokens("claude-haiku-4-5", "input", 1200, 0.0012)
    metrics.send("sent")
    metrics.booking("booked")
    metrics.lock_wait("acquired", 0.1)
    metrics.dependency("postgres", up=False)
    text = metrics.exposition().decode()
    for line in (
        'clinicflow_webhook_deliveries_total{outcome="accepted"} 1.0',
        'clinicflow_inbound_messages_total{outcome="new"} 3.0',
        'clinicflow_inbound_messages_by_kind_total{kind="text"} 2.0',
        'clinicflow_inbound_messages_by_kind_total{kind="audio"} 1.0',
        'clinicflow_inbound_messages_total{outcome="duplicate"} 1.0',
        'clinicflow_turns_total{outcome="answered"} 1.0',
        'clinicflow_nlu_calls_total{engine="claude",outcome="ok"} 1.0',
        'clinicflow_nlu_tokens_total{kind="input",model="claude-haiku-4-5"} 1200.0',
        'clinicflow_nlu_cost_dollars_total{model="claude-haiku-4-5"} 0.0012',
        'clinicflow_sends_total{outcome="sent"} 1.0',
        'clinicflow_bookings_total{outcome="booked"} 1.0',
        'clinicflow_lock_wait_seconds_count{outcome="acquired"} 1.0',
        'clinicflow_dependency_up{dependency="postgres"} 0.0',
    ):
        assert line in text
    assert "_created" not in text
