"""What the front desk's calendar reads: each day's appointments, free times and held times, of
one doctor or the whole clinic; and where an appointment could move."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

import pytest

from adapters.memory.clinics import InMemoryClinicDirectory
from application.audit import Audit, Origin
from application.clinic_calendar import ClinicCalendar
from application.ports import Actor, ActorKind
from application.staff import AgendaDesk, InvalidRequest, UnknownAppointment
from domain.availability import Slot
from domain.holds import Hold
from domain.ids import AppointmentId, ClinicId, DoctorId, ServiceId
from domain.services import Service
from tests.unit.application.conftest import ANA, BETO, SANTIAGO, TOMORROW, FakeApp

TOMORROW_10 = datetime(2026, 12, 1, 10, 0, tzinfo=SANTIAGO)
PEREZ, SOTO = DoctorId("perez"), DoctorId("soto")


def calendar(app: FakeApp) -> ClinicCalendar:
    return ClinicCalendar(InMemoryClinicDirectory([app.clinic]), app.uow, app.clock)


def agenda(app: FakeApp) -> AgendaDesk:
    return AgendaDesk(InMemoryClinicDirectory([app.clinic]), app.uow, app.clock, Audit(app.audit, app.clock))


async def test_a_day_shows_its_appointments_free_times_and_holds_of_the_doctor_asked(app: FakeApp) -> None:
    booked = await agenda(app).book(app.clinic.id, PEREZ, TOMORROW_10, ANA, "Ana")
    held = Slot(TOMORROW_10 + timedelta(hours=6), TOMORROW_10 + timedelta(hours=6, minutes=30), PEREZ)
    async with app.uow() as uow:
        assert await uow.holds.hold(Hold.of(app.clinic.id, held, BETO, app.clock.now()), app.clock.now())
        await uow.commit()

    span = await calendar(app).span(app.clinic.id, TOMORROW, 1, PEREZ)
    [day] = span.days
    assert [a.id for a in day.appointments] == [booked.id]
    assert [(h.doctor_id, h.interval) for h in day.held] == [(PEREZ, held.interval)]
    starts = [app.clinic.local(s.starts_at).strftime("%H:%M") for s in day.free]
    assert starts[:3] == ["09:00", "09:30", "10:30"]  # 10:00 is booked
    assert "16:00" not in starts  # held for Beto while he confirms
    assert {s.doctor_id for s in day.free} == {PEREZ}

    everyone = await calendar(app).span(app.clinic.id, TOMORROW, 7)
    assert len(everyone.days) == 7
    assert {s.doctor_id for s in everyone.days[0].free} == {PEREZ, SOTO}


async def test_a_cancelled_appointment_leaves_the_calendar_and_its_time_is_free(app: FakeApp) -> None:
    booked = await agenda(app).book(app.clinic.id, PEREZ, TOMORROW_10, ANA, "Ana")
    await agenda(app).cancel(
        app.clinic.id, booked.id, Origin(app.clinic.id, Actor(ActorKind.ACCOUNT, "r"), "console")
    )
    [day] = (await calendar(app).span(app.clinic.id, TOMORROW, 1, PEREZ)).days
    assert day.appointments == ()
    assert TOMORROW_10 in [s.starts_at for s in day.free]


async def test_an_appointment_may_move_to_its_services_free_times(app: FakeApp) -> None:
    limpieza = Service(ServiceId("limpieza"), "Limpieza", timedelta(hours=1), doctor_ids=(PEREZ,))
    app.clinic = dataclasses.replace(app.clinic, services=(limpieza,))
    booked = await agenda(app).book(app.clinic.id, PEREZ, TOMORROW_10, ANA, "Ana", limpieza.id)
    options = await calendar(app).move_options(app.clinic.id, booked.id, SOTO)  # Soto does not do it
    assert (options.doctor_id, options.doctors) == (PEREZ, (PEREZ,))
    assert all(s.ends_at - s.starts_at == timedelta(hours=1) for s in options.free)
    starts = [s.starts_at for s in options.free]
    assert TOMORROW_10 not in starts  # where it is now
    assert TOMORROW_10 + timedelta(minutes=30) in starts  # overlapping the time it leaves
    assert max(app.clinic.local(s).date() for s in starts) < TOMORROW + timedelta(days=13)


async def test_the_calendar_refuses_what_it_cannot_show(app: FakeApp) -> None:
    with pytest.raises(InvalidRequest):
        await calendar(app).span(app.clinic.id, TOMORROW, 1, DoctorId("nadie"))
    with pytest.raises(InvalidRequest):
        await calendar(app).span(app.clinic.id, TOMORROW, 400)
    with pytest.raises(UnknownAppointment):
        await calendar(app).move_options(app.clinic.id, AppointmentId("nada"), None)
    booked = await agenda(app).book(app.clinic.id, PEREZ, TOMORROW_10, ANA, "Ana")
    other = dataclasses.replace(app.clinic, id=ClinicId("otra"))
    with pytest.raises(UnknownAppointment):
        await ClinicCalendar(InMemoryClinicDirectory([other]), app.uow, app.clock).move_options(
            other.id, booked.id, None
        )
