"""After booking: the reminder's quick replies and the patient's own questions, on in-memory adapters."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from application.messages import ButtonsReply, ListReply, TemplateReply, TextReply, choices_of
from application.texts_es import visits
from domain.appointment import Appointment, AppointmentStatus
from domain.conversation import ConversationState as S
from domain.ids import AppointmentId, DoctorId
from domain.understanding import Intent, Understanding
from domain.when import ClockTime
from tests.unit.application.conftest import ANA, BETO, SANTIAGO, TOMORROW, FakeApp

FRIDAY = date(2026, 12, 4)
ANA_TOMORROW_AT_4 = Understanding(Intent.BOOK, day=TOMORROW, time=ClockTime(4), patient_name="Ana López")


async def book(app: FakeApp, who: str = "ana") -> Appointment:
    """Ana (or Beto) books tomorrow at 16:00 with Dra. Pérez."""
    patient = ANA if who == "ana" else BETO
    text = f"Mañana a las 4, soy {who}"
    app.means(text, replace(ANA_TOMORROW_AT_4, patient_name="Ana López" if who == "ana" else "Beto Soto"))
    await app.say(text, who=patient)
    await app.press("CONFIRM_BOOKING", who=patient)
    return next(a for a in app.appointments() if a.patient == patient)


def reminders_of(app: FakeApp, appointment: Appointment) -> list[datetime]:
    return [r.due_at for r in app.uow.store.reminders if r.appointment_id == appointment.id]


async def test_booking_queues_the_clinics_reminders_and_says_when(app: FakeApp) -> None:
    app.clinic = replace(
        app.clinic, reminders=replace(app.clinic.reminders, offsets=(timedelta(hours=48), timedelta(hours=2)))
    )
    app.means(
        "el jueves a las 4, soy Ana",
        Understanding(Intent.BOOK, day=date(2026, 12, 3), time=ClockTime(4), patient_name="Ana"),
    )
    await app.say("el jueves a las 4, soy Ana")
    [done, _calendar] = await app.press("CONFIRM_BOOKING")
    [appointment] = app.appointments()
    assert reminders_of(app, appointment) == [
        appointment.starts_at - timedelta(hours=48),
        appointment.starts_at - timedelta(hours=2),
    ]
    assert isinstance(done, ButtonsReply)
    assert "un recordatorio 2 días antes y 2 horas antes" in done.body


async def test_a_reminder_already_past_at_booking_is_not_queued(app: FakeApp) -> None:
    # Monday 09:00: today at 16:00 is 7 hours away, so only the 1-hour reminder makes sense.
    app.means(
        "hoy a las 4, soy Ana",
        Understanding(Intent.BOOK, day=date(2026, 11, 30), time=ClockTime(4), patient_name="Ana"),
    )
    await app.say("hoy a las 4, soy Ana")
    [done, _calendar] = await app.press("CONFIRM_BOOKING")
    [appointment] = app.appointments()
    assert reminders_of(app, appointment) == [appointment.starts_at - timedelta(hours=1)]
    assert isinstance(done, ButtonsReply)
    assert "un recordatorio una hora antes." in done.body


async def test_attend_quick_reply_records_attendance_without_the_nlu(app: FakeApp) -> None:
    appointment = await book(app)
    calls = app.nlu.calls
    [reply] = await app.press(f"APPT_ATTEND:{appointment.id}")
    assert isinstance(reply, TextReply)
    assert "Gracias por confirmar" in reply.body
    assert app.uow.store.appointments[appointment.id].attendance_confirmed_at == app.clock.now()
    assert app.nlu.calls == calls


async def test_cancel_quick_reply_frees_the_slot_and_drops_the_reminders(app: FakeApp) -> None:
    appointment = await book(app)
    calls = app.nlu.calls
    [reply, _calendar] = await app.press(f"APPT_CANCEL:{appointment.id}")
    assert isinstance(reply, ButtonsReply)
    assert "cancelé tu cita" in reply.body
    stored = app.uow.store.appointments[appointment.id]
    assert stored.status is AppointmentStatus.CANCELLED
    assert reminders_of(app, appointment) == []
    assert app.nlu.calls == calls
    # The time is free again: Beto gets the very same slot.
    beto = await book(app, "beto")
    assert (beto.doctor_id, beto.starts_at) == (appointment.doctor_id, appointment.starts_at)


async def test_move_quick_reply_reschedules_with_the_same_doctor_and_moves_the_reminders(
    app: FakeApp,
) -> None:
    appointment = await book(app)
    calls = app.nlu.calls
    [ask_day] = await app.press(f"APPT_MOVE:{appointment.id}")
    assert "Cambiemos tu cita de mañana martes 1 de diciembre a las 16:00" in ask_day.body
    session = app.session()
    assert session.state is S.COLLECTING_DATE
    assert session.collected.doctor_id == appointment.doctor_id
    [offer] = await app.press("DAY:2026-12-04")
    friday_10 = next(i for i, title in choices_of(offer) if title.startswith("10:00"))
    [card] = await app.press(friday_10)  # the name is known: straight to the card
    assert isinstance(card, ButtonsReply)
    assert "Cambiaremos tu cita de mañana martes 1 de diciembre a las 16:00 hrs" in card.body
    assert "¿Confirmo el cambio?" in card.body
    [done, _calendar] = await app.press("CONFIRM_BOOKING")
    assert "Tu cita quedó para el viernes 4 de diciembre a las 10:00" in done.body
    [moved] = app.appointments()  # the same appointment, moved: not a second one
    assert moved.id == appointment.id
    assert app.local(moved.starts_at) == "2026-12-04 10:00"
    assert reminders_of(app, moved) == [
        moved.starts_at - timedelta(hours=24),
        moved.starts_at - timedelta(hours=1),
    ]
    assert app.session().state is S.CONFIRMED
    assert app.nlu.calls == calls


async def test_a_moved_appointment_frees_its_old_time(app: FakeApp) -> None:
    appointment = await book(app)
    await app.press(f"APPT_MOVE:{appointment.id}")
    [offer] = await app.press("DAY:2026-12-04")
    await app.press(choices_of(offer)[0][0])
    await app.press("CONFIRM_BOOKING")
    beto = await book(app, "beto")
    assert beto.starts_at == appointment.starts_at


async def test_buttons_naming_someone_elses_appointment_change_nothing(app: FakeApp) -> None:
    betos = await book(app, "beto")
    for button in (
        f"APPT_CANCEL:{betos.id}",
        f"APPT_MOVE:{betos.id}",
        f"APPT_ATTEND:{betos.id}",
        "APPT_CANCEL:nonsense",
    ):
        [reply] = await app.press(button, who=ANA)
        assert reply == visits.appointment_gone(app.clinic)
    assert app.uow.store.appointments[betos.id] == betos
    assert app.session(ANA).collected.rescheduling is None


async def test_a_past_appointment_can_no_longer_be_cancelled(app: FakeApp) -> None:
    appointment = await book(app)
    app.clock.set(appointment.starts_at + timedelta(minutes=5))
    [reply] = await app.press(f"APPT_CANCEL:{appointment.id}")
    assert reply == visits.appointment_gone(app.clinic)
    assert app.uow.store.appointments[appointment.id].status is AppointmentStatus.BOOKED


async def test_asking_when_the_appointment_is(app: FakeApp) -> None:
    app.means("¿a qué hora es mi cita?", Understanding(Intent.MY_APPOINTMENTS))
    [none] = await app.say("¿a qué hora es mi cita?")
    assert none == visits.no_upcoming(app.clinic)
    appointment = await book(app)
    [reply] = await app.say("¿a qué hora es mi cita?")
    assert isinstance(reply, ButtonsReply)
    assert "Tu próxima cita es mañana martes 1 de diciembre a las 16:00 con Dra. Camila Pérez" in reply.body
    assert [b.id for b in reply.buttons] == [f"APPT_MOVE:{appointment.id}", f"APPT_CANCEL:{appointment.id}"]


async def test_cancelling_in_free_text_asks_first(app: FakeApp) -> None:
    appointment = await book(app)
    app.means("quiero cancelar mi cita", Understanding(Intent.CANCEL))
    [question] = await app.say("quiero cancelar mi cita")
    assert question == visits.ask_cancel(app.clinic, appointment, app.clinic.today(app.clock.now()))
    assert app.uow.store.appointments[appointment.id].status is AppointmentStatus.BOOKED
    [kept] = await app.press("APPT_KEEP")
    assert kept == visits.kept(app.clinic)
    await app.press(f"APPT_CANCEL:{appointment.id}")
    assert app.uow.store.appointments[appointment.id].status is AppointmentStatus.CANCELLED


async def test_moving_in_free_text_keeps_the_day_said(app: FakeApp) -> None:
    appointment = await book(app)
    app.means("cambiar mi cita para el viernes", Understanding(Intent.RESCHEDULE, day=FRIDAY))
    [offer] = await app.say("cambiar mi cita para el viernes")
    assert isinstance(offer, ListReply)
    assert "viernes 4 de diciembre" in offer.body
    session = app.session()
    assert session.state is S.COLLECTING_TIME
    assert session.collected.rescheduling is not None
    assert session.collected.rescheduling.appointment_id == appointment.id


async def test_with_several_appointments_the_patient_picks_which(app: FakeApp) -> None:
    first = await book(app)
    app.means("el viernes a las 10", Understanding(Intent.BOOK, day=FRIDAY, time=ClockTime(10)))
    [whom] = await app.say("el viernes a las 10")  # a second booking asks whom it is for
    [(ana, title), _] = choices_of(whom)
    assert title == "Ana López"
    await app.press(ana)
    await app.press("CONFIRM_BOOKING")
    app.means("cambiar mi cita", Understanding(Intent.RESCHEDULE))
    [menu] = await app.say("cambiar mi cita")
    assert isinstance(menu, ListReply)
    assert choices_of(menu)[0][0] == f"APPT_MOVE:{first.id}"
    assert len(menu.rows) == 2


async def test_abandoning_a_move_keeps_the_appointment(app: FakeApp) -> None:
    appointment = await book(app)
    await app.press(f"APPT_MOVE:{appointment.id}")
    await app.press("CANCEL_BOOKING")
    assert app.session().state is S.IDLE
    assert app.session().collected.rescheduling is None
    assert app.uow.store.appointments[appointment.id] == appointment


def test_reminder_template_carries_the_clinics_template_and_quick_replies(app: FakeApp) -> None:
    starts = datetime(2026, 12, 1, 16, 0, tzinfo=SANTIAGO)
    appointment = Appointment(
        id=AppointmentId("a-1"),
        clinic_id=app.clinic.id,
        doctor_id=DoctorId("perez"),
        patient=ANA,
        patient_name="Ana López",
        starts_at=starts,
        ends_at=starts + timedelta(minutes=30),
    )
    template = visits.reminder(app.clinic, appointment, date(2026, 11, 30))
    assert isinstance(template, TemplateReply)
    assert (template.name, template.language) == ("recordatorio_cita", "es")
    assert template.body_parameters == (
        "Ana",
        "mañana martes 1 de diciembre",
        "16:00",
        "Dra. Camila Pérez",
        "Av. Providencia 1234, Santiago",
    )
    assert template.quick_reply_payloads == ("APPT_ATTEND:a-1", "APPT_CANCEL:a-1", "APPT_MOVE:a-1")
