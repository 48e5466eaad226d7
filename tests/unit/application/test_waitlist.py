"""The waitlist in the chat: a full day offers it, a freed time is offered to it, the first to
confirm books it and the others are told it has gone."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from adapters.memory.clinics import InMemoryClinicDirectory
from application.audit import Audit, Origin
from application.messages import ButtonsReply, OutboundMessage, TemplateReply, TextReply
from application.ports import Actor, ActorKind
from application.staff import AgendaDesk
from domain.conversation import SERVICE_WINDOW
from domain.ids import AppointmentId, ClinicId, DoctorId, PatientAddress
from domain.understanding import Intent, Understanding
from domain.waitlist import EntryState, OfferState
from tests.factories import clinic, doctor, hours
from tests.unit.application.conftest import ANA, BETO, SANTIAGO, TOMORROW, FakeApp

CARLA = PatientAddress("56955556666")
DIEGO = PatientAddress("56977778888")
WEDNESDAY = date(2026, 12, 2)
FRONT_DESK = Origin(ClinicId("sonrisa"), Actor(ActorKind.ACCOUNT, "recepcion-1"), "console", "127.0.0.1")
# Pérez sees two patients on Tuesday and Wednesday mornings, and nobody else works.
PEREZ = doctor("perez", weekly=hours({1: [("10:00", "11:00")], 2: [("10:00", "11:00")]}))


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SANTIAGO)


def waitlist_app() -> FakeApp:
    return FakeApp(clinic(PEREZ), consented=(ANA, BETO, CARLA, DIEGO))


def agenda(app: FakeApp) -> AgendaDesk:
    return AgendaDesk(InMemoryClinicDirectory([app.clinic]), app.uow, app.clock, Audit(app.audit, app.clock))


async def fill(app: FakeApp, day: date) -> list[AppointmentId]:
    """Both of Pérez's times that day booked by the front desk, for Carla and Diego."""
    desk = agenda(app)
    ten = await desk.book(app.clinic.id, DoctorId("perez"), at(day, 10), CARLA, "Carla Díaz")
    half = await desk.book(app.clinic.id, DoctorId("perez"), at(day, 10, 30), DIEGO, "Diego Paz")
    return [ten.id, half.id]


async def join(app: FakeApp, who: PatientAddress, name: str, day: date = TOMORROW) -> list[OutboundMessage]:
    text = f"el {day.isoformat()}, soy {name}"
    app.means(text, Understanding(Intent.BOOK, day=day, patient_name=name))
    *_, invite = await app.say(text, who=who)
    assert isinstance(invite, ButtonsReply)
    [button] = invite.buttons
    assert button.id == f"WAITLIST_JOIN:{day.isoformat()}"
    return await app.press(button.id, who=who)


def only_button(message: OutboundMessage, prefix: str) -> str:
    assert isinstance(message, ButtonsReply)
    return next(b.id for b in message.buttons if b.id.startswith(prefix))


async def test_a_full_day_offers_the_waitlist_and_a_tap_joins_it_once() -> None:
    app = waitlist_app()
    await fill(app, TOMORROW)
    app.means("mañana", Understanding(Intent.BOOK, day=TOMORROW))
    calls = app.nlu.calls
    *said, invite = await app.say("mañana")
    assert "no quedan horas" in said[0].body
    assert isinstance(invite, ButtonsReply)
    assert "lista de espera para mañana martes 1 de diciembre" in invite.body
    [joined] = await app.press(invite.buttons[0].id)
    assert joined.body.startswith("Listo, quedaste en la lista de espera para mañana martes 1 de diciembre.")
    assert app.nlu.calls == calls + 1  # the tap was never read by the model
    [entry] = app.uow.store.waitlist.entries.values()
    assert (entry.patient, entry.want.day, entry.state) == (ANA, TOMORROW, EntryState.WAITING)
    [again] = await app.press(invite.buttons[0].id)
    assert again.body.startswith("Ya estás en la lista de espera")
    assert len(app.uow.store.waitlist.entries) == 1
    # A day asked for again is not offered the list it is already on.
    replies = await app.say("mañana")
    assert not any("te anoto en la lista de espera" in r.body for r in replies)


async def test_leaving_the_waitlist_in_words_or_with_its_button() -> None:
    app = waitlist_app()
    await fill(app, TOMORROW)
    [joined] = await join(app, ANA, "Ana López")
    calls = app.nlu.calls
    [left] = await app.say("Quiero salir de la lista de espera")
    assert left.body == "Listo, saliste de la lista de espera."
    assert app.nlu.calls == calls
    assert [e.state for e in app.uow.store.waitlist.entries.values()] == [EntryState.LEFT]
    await join(app, ANA, "Ana López")
    [left_again] = await app.press(only_button(joined, "WAITLIST_LEAVE"))
    assert left_again.body == "Listo, saliste de la lista de espera."
    [nothing] = await app.press("WAITLIST_LEAVE")
    assert nothing.body == "No estás en ninguna lista de espera."


async def test_a_cancellation_is_offered_to_two_waiting_patients_and_the_first_to_confirm_books_it() -> None:
    app = waitlist_app()
    carlas, _ = await fill(app, TOMORROW)
    await join(app, ANA, "Ana López")
    await join(app, BETO, "Beto Rojas")
    await agenda(app).cancel(app.clinic.id, carlas, FRONT_DESK)  # the front desk cancels Carla's 10:00
    offers = {}
    for who in (ANA, BETO):
        await app.deliver_replies(app.clinic.id, who)
        offer = app.sender.to(who)[-1]
        assert isinstance(offer, ButtonsReply)
        assert offer.body.startswith("¡Se liberó un horario! Mañana martes 1 de diciembre a las 10:00")
        offers[who] = only_button(offer, "WAITLIST_TAKE:")
    # Beto confirms first and books; Ana, who confirms after, is told it has gone.
    booked, _calendar = await app.press(offers[BETO], who=BETO)
    assert "✅" in booked.body
    [appointment] = [a for a in app.appointments() if a.holds_time and a.starts_at == at(TOMORROW, 10)]
    assert (appointment.patient, appointment.patient_name) == (BETO, "Beto Rojas")
    await app.deliver_replies(app.clinic.id, ANA)
    told = app.sender.to(ANA)[-1]
    assert isinstance(told, TextReply)
    assert told.body.startswith("Lo siento, ese horario ya no está disponible. Sigues en la lista de espera")
    # Her tap on the offer gone a moment ago says nothing more: the notice told her, once.
    assert await app.press(offers[ANA], who=ANA) == []
    assert sum("ya no está disponible" in m.body for m in app.sender.to(ANA)) == 1
    # Once the offer would have run out, a tap is answered again.
    app.clock.advance(timedelta(minutes=16))
    [late] = await app.press(offers[ANA], who=ANA)
    assert late.body.startswith("Lo siento, ese horario ya no está disponible.")
    assert len([a for a in app.appointments() if a.holds_time and a.starts_at == at(TOMORROW, 10)]) == 1
    states = {e.patient: e.state for e in app.uow.store.waitlist.entries.values()}
    assert states == {ANA: EntryState.WAITING, BETO: EntryState.BOOKED}
    assert {o.patient: o.state for o in app.uow.store.waitlist.offers.values()} == {
        ANA: OfferState.GONE,
        BETO: OfferState.TAKEN,
    }


async def test_a_time_cancelled_by_the_patient_goes_to_the_waitlist() -> None:
    app = waitlist_app()
    carlas, _ = await fill(app, TOMORROW)
    await join(app, ANA, "Ana López")
    await app.press(f"APPT_CANCEL:{carlas}", who=CARLA)
    await app.deliver_replies(app.clinic.id, ANA)
    offer = app.sender.to(ANA)[-1]
    booked, _calendar = await app.press(only_button(offer, "WAITLIST_TAKE:"), who=ANA)
    assert "✅" in booked.body


async def test_an_offer_declined_or_run_out_leaves_the_patient_on_the_list() -> None:
    app = waitlist_app()
    carlas, diegos = await fill(app, TOMORROW)
    await join(app, ANA, "Ana López")
    await agenda(app).cancel(app.clinic.id, carlas, FRONT_DESK)
    await app.deliver_replies(app.clinic.id, ANA)
    [declined] = await app.press(only_button(app.sender.to(ANA)[-1], "WAITLIST_DECLINE:"))
    assert declined.body == "Entendido. Sigues en la lista de espera."
    await agenda(app).cancel(app.clinic.id, diegos, FRONT_DESK)
    await app.deliver_replies(app.clinic.id, ANA)
    app.clock.advance(timedelta(minutes=16))
    [gone] = await app.press(only_button(app.sender.to(ANA)[-1], "WAITLIST_TAKE:"))
    assert gone.body.startswith("Lo siento, ese horario ya no está disponible.")
    assert [e.state for e in app.uow.store.waitlist.entries.values()] == [EntryState.WAITING]


async def test_outside_the_24_hour_window_the_offer_goes_as_the_approved_template() -> None:
    app = waitlist_app()
    carlas, _ = await fill(app, WEDNESDAY)
    await join(app, ANA, "Ana López", WEDNESDAY)
    app.clock.advance(SERVICE_WINDOW + timedelta(minutes=1))
    await agenda(app).cancel(app.clinic.id, carlas, FRONT_DESK)
    await app.deliver_replies(app.clinic.id, ANA)
    offer = app.sender.to(ANA)[-1]
    assert isinstance(offer, TemplateReply)
    assert offer.name == "lista_espera_hora"
    assert offer.body_parameters == ("Ana", "mañana miércoles 2 de diciembre", "10:00", "Dra. Camila Pérez")
    take, decline = offer.quick_reply_payloads
    assert take.startswith("WAITLIST_TAKE:")
    assert decline.startswith("WAITLIST_DECLINE:")
    booked, _calendar = await app.press(take)
    assert "✅" in booked.body


async def test_erasing_a_patients_data_deletes_their_waitlist_entries() -> None:
    app = waitlist_app()
    await fill(app, TOMORROW)
    await join(app, ANA, "Ana López")
    await app.say("borra mis datos")
    await app.press("PRIVACY_ERASE_CONFIRM")
    assert app.uow.store.waitlist.entries == {}


async def test_a_time_a_patient_moves_away_from_goes_to_the_waitlist() -> None:
    app = waitlist_app()
    carlas, _ = await fill(app, TOMORROW)
    await join(app, ANA, "Ana López")
    await app.press(f"APPT_MOVE:{carlas}", who=CARLA)
    await app.press(f"DAY:{WEDNESDAY.isoformat()}", who=CARLA)
    await app.press(f"SLOT:perez:{int(at(WEDNESDAY, 10).timestamp())}", who=CARLA)
    [moved, _calendar] = await app.press("CONFIRM_BOOKING", who=CARLA)
    assert "✅" in moved.body or "cambi" in moved.body.lower()
    assert app.uow.store.appointments[carlas].starts_at == at(WEDNESDAY, 10)
    await app.deliver_replies(app.clinic.id, ANA)
    offer = app.sender.to(ANA)[-1]
    assert offer.body.startswith("¡Se liberó un horario! Mañana martes 1 de diciembre a las 10:00")


async def test_a_time_freed_by_staff_moving_an_appointment_is_offered_to_the_waitlist() -> None:
    app = waitlist_app()
    carlas, _ = await fill(app, TOMORROW)
    await join(app, ANA, "Ana López")
    # The front desk moves Carla's 10:00 to Wednesday: Tuesday's 10:00 goes to Ana, who waits for it.
    await agenda(app).move(app.clinic.id, carlas, at(WEDNESDAY, 10), FRONT_DESK)
    await app.deliver_replies(app.clinic.id, ANA)
    offer = app.sender.to(ANA)[-1]
    assert isinstance(offer, ButtonsReply)
    assert offer.body.startswith("¡Se liberó un horario! Mañana martes 1 de diciembre a las 10:00")
    booked, _calendar = await app.press(only_button(offer, "WAITLIST_TAKE:"), who=ANA)
    assert "✅" in booked.body
    assert {(a.patient, a.starts_at) for a in app.appointments() if a.holds_time} == {
        (CARLA, at(WEDNESDAY, 10)),
        (DIEGO, at(TOMORROW, 10, 30)),
        (ANA, at(TOMORROW, 10)),
    }
