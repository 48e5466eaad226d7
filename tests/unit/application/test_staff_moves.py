"""Staff move an appointment at the desk: only to a free time, its length and reminders following
it, the patient told on WhatsApp and the move in the audit log."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

import pytest

from adapters.memory.clinics import InMemoryClinicDirectory
from application.audit import Audit, Origin
from application.buttons import CANCEL_PREFIX, MOVE_PREFIX
from application.messages import (
    OUTSIDE_SERVICE_WINDOW,
    ButtonsReply,
    DeliveryReport,
    DeliveryState,
    DocumentReply,
    TemplateReply,
)
from application.ports import Actor, ActorKind, AuditAction
from application.staff import AgendaDesk, InvalidRequest
from domain.conversation import Speaker
from domain.errors import AlreadyCancelled, AppointmentPassed, SlotUnavailable
from domain.ids import DoctorId, ServiceId
from domain.outreach import Reengagement
from domain.services import Service
from tests.unit.application.conftest import ANA, BETO, NOW, SANTIAGO, FakeApp
from tests.unit.application.test_staff import Receipts

TOMORROW_10 = datetime(2026, 12, 1, 10, 0, tzinfo=SANTIAGO)
TOMORROW_16 = datetime(2026, 12, 1, 16, 0, tzinfo=SANTIAGO)
PEREZ, SOTO = DoctorId("perez"), DoctorId("soto")


def agenda(app: FakeApp) -> AgendaDesk:
    return AgendaDesk(InMemoryClinicDirectory([app.clinic]), app.uow, app.clock, Audit(app.audit, app.clock))


def desk(app: FakeApp) -> Origin:
    return Origin(app.clinic.id, Actor(ActorKind.ACCOUNT, "recepcion-1"), "console", "127.0.0.1")


async def test_a_move_to_a_free_time_takes_the_reminders_along_and_is_audited(app: FakeApp) -> None:
    booked = await agenda(app).book(app.clinic.id, PEREZ, TOMORROW_10, ANA, "Ana Díaz")
    moved = await agenda(app).move(app.clinic.id, booked.id, TOMORROW_16, desk(app))
    assert (moved.starts_at, moved.ends_at, moved.doctor_id) == (
        TOMORROW_16,
        TOMORROW_16 + timedelta(minutes=30),
        PEREZ,
    )
    [stored] = await agenda(app).appointments(app.clinic.id, TOMORROW_10.date(), 1)
    assert stored.starts_at == TOMORROW_16
    # The day before and the hour before the new time; the old ones are not sent.
    assert sorted(r.due_at for r in app.uow.store.reminders) == [
        TOMORROW_16 - timedelta(days=1),
        TOMORROW_16 - timedelta(hours=1),
    ]
    [entry] = [r.entry for r in await app.audit.entries(app.clinic.id)]
    assert (entry.action, entry.target, entry.actor.id) == (
        AuditAction.APPOINTMENT_MOVED,
        booked.id,
        "recepcion-1",
    )
    assert entry.detail == "2026-12-01 10:00 -> 2026-12-01 16:00 perez"


async def test_the_patient_is_told_the_new_time_with_a_calendar_file_and_staff_see_it(app: FakeApp) -> None:
    await app.say("Hola")  # Ana has a conversation
    booked = await agenda(app).book(app.clinic.id, PEREZ, TOMORROW_10, ANA, "Ana")
    await agenda(app).move(app.clinic.id, booked.id, TOMORROW_16, desk(app))
    [told, calendar] = [row.message for row in app.uow.store.outbox.pending.values()]
    assert isinstance(told, ButtonsReply)
    assert "cambió tu cita: ahora es mañana martes 1 de diciembre a las 16:00" in told.body
    assert [b.id for b in told.buttons] == [f"{MOVE_PREFIX}{booked.id}", f"{CANCEL_PREFIX}{booked.id}"]
    assert isinstance(calendar, DocumentReply)
    assert b"METHOD:PUBLISH" in calendar.content
    assert b"DTSTART:20261201T190000Z" in calendar.content
    assert (app.session().history[-1].speaker, app.session().history[-1].text) == (Speaker.STAFF, told.body)
    await app.deliver_replies(app.clinic.id, ANA)
    assert app.sender.to(ANA)[-2:] == [told, calendar]


async def test_a_move_refused_as_too_late_by_whatsapp_goes_again_as_the_template(app: FakeApp) -> None:
    app.clinic = dataclasses.replace(app.clinic, reengagement=Reengagement("retomar_conversacion"))
    await app.say("Hola")
    booked = await agenda(app).book(app.clinic.id, PEREZ, TOMORROW_10, ANA, "Ana")
    await agenda(app).move(app.clinic.id, booked.id, TOMORROW_16, desk(app))
    await app.deliver_replies(app.clinic.id, ANA)
    told = app.sender.sent[-2]
    refused = DeliveryReport(
        "wamid.out.1", DeliveryState.FAILED, NOW, error_code=OUTSIDE_SERVICE_WINDOW, reference=told.reference
    )
    assert (await app.intake.record(Receipts([refused]))).resent == [(app.clinic.id, ANA)]
    await app.deliver_replies(app.clinic.id, ANA)
    [template] = [s.message for s in app.sender.sent if isinstance(s.message, TemplateReply)]
    assert "cambió tu cita" in template.body


async def test_a_taken_time_is_refused_and_nothing_changes(app: FakeApp) -> None:
    mine = await agenda(app).book(app.clinic.id, PEREZ, TOMORROW_10, ANA, "Ana")
    await agenda(app).book(app.clinic.id, PEREZ, TOMORROW_16, BETO, "Beto")
    with pytest.raises(SlotUnavailable, match="not a free time"):
        await agenda(app).move(app.clinic.id, mine.id, TOMORROW_16, desk(app))
    with pytest.raises(SlotUnavailable, match="not a free time"):  # off the doctor's grid
        await agenda(app).move(app.clinic.id, mine.id, TOMORROW_16 + timedelta(minutes=10), desk(app))
    with pytest.raises(SlotUnavailable, match="not a free time"):  # lunch: the doctor does not work
        await agenda(app).move(app.clinic.id, mine.id, TOMORROW_10.replace(hour=13), desk(app))
    [stored, _] = await agenda(app).appointments(app.clinic.id, TOMORROW_10.date(), 1)
    assert stored.starts_at == TOMORROW_10
    assert await app.audit.entries(app.clinic.id) == []
    assert app.uow.store.outbox.pending == {}


async def test_a_move_may_overlap_the_time_it_leaves(app: FakeApp) -> None:
    clinic = dataclasses.replace(
        app.clinic, services=(Service(ServiceId("limpieza"), "Limpieza", timedelta(hours=1)),)
    )
    app.clinic = clinic
    booked = await agenda(app).book(app.clinic.id, PEREZ, TOMORROW_10, ANA, "Ana", ServiceId("limpieza"))
    moved = await agenda(app).move(app.clinic.id, booked.id, TOMORROW_10 + timedelta(minutes=30), desk(app))
    assert moved.ends_at - moved.starts_at == timedelta(hours=1)  # the service's length, kept
    assert moved.starts_at == TOMORROW_10 + timedelta(minutes=30)


async def test_a_move_to_another_doctor_keeps_the_service_length(app: FakeApp) -> None:
    booked = await agenda(app).book(app.clinic.id, PEREZ, TOMORROW_10, ANA, "Ana")
    moved = await agenda(app).move(app.clinic.id, booked.id, TOMORROW_16, desk(app), SOTO)
    assert (moved.doctor_id, moved.starts_at, moved.service) == (SOTO, TOMORROW_16, "Ortodoncia")
    # A plain visit is as long as the doctor's own slot, as the bot would book it.
    assert moved.ends_at - moved.starts_at == timedelta(minutes=60)


@pytest.mark.parametrize(
    ("starts_at", "doctor", "refusal", "problem"),
    [
        (TOMORROW_10, None, InvalidRequest, "already at that time"),
        (TOMORROW_16.replace(tzinfo=None), None, InvalidRequest, "UTC offset"),
        (TOMORROW_16, DoctorId("nadie"), SlotUnavailable, "no doctor"),
        (TOMORROW_16 + timedelta(days=400), None, SlotUnavailable, "not a free time"),
        (NOW - timedelta(days=1), None, SlotUnavailable, "not a free time"),
    ],
)
async def test_a_move_nobody_could_book_is_refused(
    app: FakeApp, starts_at: datetime, doctor: DoctorId | None, refusal: type[Exception], problem: str
) -> None:
    booked = await agenda(app).book(app.clinic.id, PEREZ, TOMORROW_10, ANA, "Ana")
    with pytest.raises(refusal, match=problem):
        await agenda(app).move(app.clinic.id, booked.id, starts_at, desk(app), doctor)


async def test_a_cancelled_or_started_appointment_does_not_move(app: FakeApp) -> None:
    booked = await agenda(app).book(app.clinic.id, PEREZ, TOMORROW_10, ANA, "Ana")
    await agenda(app).cancel(app.clinic.id, booked.id, desk(app))
    with pytest.raises(AlreadyCancelled):
        await agenda(app).move(app.clinic.id, booked.id, TOMORROW_16, desk(app))
    other = await agenda(app).book(app.clinic.id, PEREZ, TOMORROW_10, BETO, "Beto")
    app.clock.advance(TOMORROW_10 - NOW + timedelta(minutes=1))
    with pytest.raises(AppointmentPassed):
        await agenda(app).move(app.clinic.id, other.id, TOMORROW_16, desk(app))
    actions = [r.entry.action for r in await app.audit.entries(app.clinic.id)]
    assert actions == [AuditAction.APPOINTMENT_CANCELLED]
