"""Booking through intake, turns and the conversation on in-memory adapters, as a patient would notice it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from application import texts_es as texts
from application.messages import ButtonsReply, DocumentReply, ListReply, choices_of
from domain.clinic import TimeRange, WeeklyHours
from domain.conversation import ConversationState as S
from domain.holds import HOLD_FOR
from domain.ids import DoctorId
from domain.understanding import Intent, Understanding
from domain.when import ClockTime, DayPart
from tests.factories import doctor
from tests.unit.application.conftest import ANA, BETO, NOW, SANTIAGO, TOMORROW, FakeApp

BOOK = Understanding(Intent.BOOK)
TOMORROW_AFTERNOON = Understanding(Intent.BOOK, day=TOMORROW, part=DayPart.AFTERNOON)
AT_FOUR = Understanding(Intent.BOOK, time=ClockTime(4))
ANA_LOPEZ = Understanding(Intent.BOOK, patient_name="Ana López")
ALL_AT_ONCE = Understanding(Intent.BOOK, day=TOMORROW, time=ClockTime(4), patient_name="Ana López")


async def test_a_patient_books_step_by_step(app: FakeApp) -> None:
    app.means("Quiero agendar una cita", BOOK)
    app.means("Mañana en la tarde", TOMORROW_AFTERNOON)
    app.means("a las 4", AT_FOUR)
    app.means("Ana López", ANA_LOPEZ)

    [ask_day] = await app.say("Quiero agendar una cita")
    assert app.session().state is S.COLLECTING_DATE
    assert isinstance(ask_day, ButtonsReply)
    assert ask_day.buttons[0].id == "DAY:2026-11-30"

    [offer] = await app.say("Mañana en la tarde")
    assert app.session().state is S.COLLECTING_TIME
    assert isinstance(offer, ListReply)
    assert "martes 1 de diciembre" in offer.body
    assert all(row.title >= "12:00" for row in offer.rows)

    [ask_name] = await app.say("a las 4")
    assert app.session().state is S.COLLECTING_NAME
    assert ask_name == texts.ask_name(app.clinic)

    [card] = await app.say("Ana López")
    assert app.session().state is S.CONFIRMING
    assert isinstance(card, ButtonsReply)
    assert [b.id for b in card.buttons] == ["CONFIRM_BOOKING", "EDIT_BOOKING", "CANCEL_BOOKING"]
    assert "Ana López" in card.body
    assert "16:00" in card.body
    assert "Dra. Camila Pérez" in card.body

    [done, calendar] = await app.press("CONFIRM_BOOKING")
    assert app.session().state is S.CONFIRMED
    assert isinstance(done, ButtonsReply)  # an interactive card: what to do with the appointment
    assert "✅" in done.body
    [appointment] = app.appointments()
    assert [b.id for b in done.buttons] == [f"APPT_MOVE:{appointment.id}", f"APPT_CANCEL:{appointment.id}"]
    assert isinstance(calendar, DocumentReply)
    assert calendar.filename == "cita-2026-12-01.ics"
    assert app.local(appointment.starts_at) == "2026-12-01 16:00"
    assert appointment.patient == ANA
    assert appointment.patient_name == "Ana López"
    assert [r.before for r in app.uow.store.reminders] == [timedelta(hours=24), timedelta(hours=1)]
    assert app.nlu.calls == 4


async def test_one_message_can_carry_day_time_and_name(app: FakeApp) -> None:
    app.means("Mañana a las 4, soy Ana López", ALL_AT_ONCE)
    [card] = await app.say("Mañana a las 4, soy Ana López")
    assert app.session().state is S.CONFIRMING
    assert isinstance(card, ButtonsReply)
    assert "16:00" in card.body


async def test_saying_yes_to_the_card_books_too(app: FakeApp) -> None:
    app.means("Mañana a las 4, soy Ana López", ALL_AT_ONCE)
    app.means("sí", Understanding(Intent.AFFIRM))
    await app.say("Mañana a las 4, soy Ana López")
    await app.say("sí")
    assert len(app.appointments()) == 1


async def test_short_circuit_buttons_never_call_the_nlu(app: FakeApp) -> None:
    for button in (
        "START_BOOKING",
        "DAY:2026-12-01",
        "EDIT_BOOKING",
        "CANCEL_BOOKING",
        "RESET",
        "CONFIRM_BOOKING",
    ):
        replies = await app.press(button)
        assert replies, button
    slot = choices_of((await app.press("DAY:2026-12-01"))[0])[0][0]
    await app.press(slot)
    assert app.nlu.calls == 0


async def test_buttons_book_without_the_nlu_once_the_name_is_known(app: FakeApp) -> None:
    app.means("Ana López", ANA_LOPEZ)
    await app.say("Ana López")
    await app.press("START_BOOKING")
    [offer] = await app.press("DAY:2026-12-01")
    first_slot = choices_of(offer)[0][0]
    [card] = await app.press(first_slot)
    assert isinstance(card, ButtonsReply)
    assert card.buttons[0].id == "CONFIRM_BOOKING"
    await app.press("CONFIRM_BOOKING")
    assert len(app.appointments()) == 1
    assert app.nlu.calls == 1


async def test_a_taken_time_is_refused_with_the_nearest_free_slots(app: FakeApp) -> None:
    app.means("Mañana a las 4, soy Ana López", ALL_AT_ONCE)
    app.means(
        "Mañana a las 4, soy Beto",
        Understanding(Intent.BOOK, day=TOMORROW, time=ClockTime(4), patient_name="Beto"),
    )
    app.means("con el doctor Soto", Understanding(Intent.BOOK, doctor_id=DoctorId("soto")))
    await app.say("Mañana a las 4, soy Ana López")
    await app.press("CONFIRM_BOOKING")
    # Beto asks for Pérez's booked 16:00: Soto is free then, so he gets Soto.
    await app.say("Mañana a las 4, soy Beto", who=BETO)
    betos_slot = app.session(BETO).collected.slot
    assert betos_slot is not None
    assert betos_slot.doctor_id == "soto"
    # Asking for Pérez specifically at 16:00 is refused with alternatives around it.
    await app.press("RESET", who=BETO)
    app.means(
        "con la doctora Pérez mañana a las 4",
        Understanding(Intent.BOOK, doctor_id=DoctorId("perez"), day=TOMORROW, time=ClockTime(4)),
    )
    [refusal, invite] = await app.say("con la doctora Pérez mañana a las 4", who=BETO)
    assert invite.body.startswith("Si quieres, te anoto en la lista de espera para mañana martes 1")
    assert isinstance(refusal, ButtonsReply)
    assert "no hay horas disponibles" in refusal.body
    assert [b.title for b in refusal.buttons] == ["15:00 Dra. Pérez", "15:30 Dra. Pérez", "16:30 Dra. Pérez"]
    assert app.session(BETO).state is S.COLLECTING_TIME
    assert app.session(BETO).collected.slot is None


async def test_a_taken_morning_hour_is_read_as_the_morning_not_the_night(app: FakeApp) -> None:
    """'a las 10' is 10:00 or 22:00; nobody works at 22:00, so the refusal speaks of 10:00."""
    ten = Understanding(Intent.BOOK, doctor_id=DoctorId("perez"), day=TOMORROW, time=ClockTime(10))
    app.means("con la doctora Pérez mañana a las 10, soy Ana López", replace(ten, patient_name="Ana López"))
    app.means("con la doctora Pérez mañana a las 10", ten)
    await app.say("con la doctora Pérez mañana a las 10, soy Ana López")
    await app.press("CONFIRM_BOOKING")
    [refusal, invite] = await app.say("con la doctora Pérez mañana a las 10", who=BETO)
    assert isinstance(invite, ButtonsReply)
    assert [b.id for b in invite.buttons] == ["WAITLIST_JOIN:2026-12-01T10:00"]
    assert isinstance(refusal, ButtonsReply)
    assert "a las 10:00 no hay horas disponibles" in refusal.body
    assert [b.title for b in refusal.buttons] == ["09:00 Dra. Pérez", "09:30 Dra. Pérez", "10:30 Dra. Pérez"]


async def test_a_proposed_day_in_the_past_is_refused(app: FakeApp) -> None:
    app.means("el 2 de noviembre", Understanding(Intent.BOOK, day=date(2026, 11, 2)))
    [reply] = await app.say("el 2 de noviembre")
    assert "ya pasó" in reply.body
    assert app.session().state is S.COLLECTING_DATE
    assert app.session().collected.day is None


async def test_a_proposed_day_beyond_the_horizon_or_closed_is_refused(app: FakeApp) -> None:
    app.means("en un año", Understanding(Intent.BOOK, day=NOW.date() + timedelta(days=365)))
    app.means("el domingo", Understanding(Intent.BOOK, day=date(2026, 12, 6)))
    [far] = await app.say("en un año")
    assert "días adelante" in far.body
    [sunday] = await app.say("el domingo")
    assert "no quedan horas" in sunday.body
    assert app.session().collected.day is None


async def test_an_unknown_doctor_from_the_nlu_is_ignored(app: FakeApp) -> None:
    app.means("con el doctor House", Understanding(Intent.BOOK, doctor_id=DoctorId("house")))
    await app.say("con el doctor House")
    assert app.session().collected.doctor_id is None


async def test_a_forged_slot_button_cannot_book_a_time_that_is_not_free(app: FakeApp) -> None:
    sunday_3am = datetime(2026, 12, 6, 3, 0, tzinfo=SANTIAGO)
    [reply] = await app.press(f"SLOT:perez:{int(sunday_3am.timestamp())}")
    assert "ocuparse" in reply.body
    assert app.session().collected.slot is None
    # A booking is now in progress: the refusal comes with the question still open.
    reply, prompt = await app.press("SLOT:nobody:123")
    assert reply == texts.unknown_option(app.clinic)
    assert isinstance(prompt, ButtonsReply)
    reply, _ = await app.press("SLOT:garbage")
    assert reply == texts.unknown_option(app.clinic)


BETO_AT_4 = Understanding(
    Intent.BOOK, day=TOMORROW, time=ClockTime(4), doctor_id=DoctorId("perez"), patient_name="Beto"
)


async def test_a_time_another_patient_holds_is_not_theirs_to_take(app: FakeApp) -> None:
    app.means("Mañana a las 4, soy Ana López", ALL_AT_ONCE)
    app.means("Mañana a las 4, soy Beto", BETO_AT_4)
    await app.say("Mañana a las 4, soy Ana López")  # Ana picked 16:00: it is held for her
    [busy, invite] = await app.say("Mañana a las 4, soy Beto", who=BETO)
    assert isinstance(invite, ButtonsReply)
    assert [b.id for b in invite.buttons] == ["WAITLIST_JOIN:2026-12-01T16:00"]
    assert "a las 16:00 no hay horas disponibles" in busy.body
    assert "16:00" not in [title for _, title in choices_of(busy)]
    assert app.session(BETO).collected.slot is None
    await app.press("CONFIRM_BOOKING")
    assert len(app.appointments()) == 1


async def test_a_hold_runs_out_and_then_the_time_goes_to_whoever_holds_it_now(app: FakeApp) -> None:
    app.means("Mañana a las 4, soy Ana López", ALL_AT_ONCE)
    app.means("Mañana a las 4, soy Beto", BETO_AT_4)
    await app.say("Mañana a las 4, soy Ana López")
    app.clock.advance(HOLD_FOR + timedelta(minutes=1))  # Ana went quiet: her hold ran out
    await app.say("Mañana a las 4, soy Beto", who=BETO)
    assert app.session(BETO).state is S.CONFIRMING
    [sorry] = await app.press("CONFIRM_BOOKING")
    assert "acaba de ocuparse" in sorry.body
    assert app.session(ANA).state is S.COLLECTING_TIME
    [done, _calendar] = await app.press("CONFIRM_BOOKING", who=BETO)
    assert "✅" in done.body
    [appointment] = app.appointments()
    assert appointment.patient == BETO


async def test_pressing_confirm_twice_books_once(app: FakeApp) -> None:
    app.means("Mañana a las 4, soy Ana López", ALL_AT_ONCE)
    await app.say("Mañana a las 4, soy Ana López")
    await app.press("CONFIRM_BOOKING")
    [again] = await app.press("CONFIRM_BOOKING")
    assert again == texts.already_booked(app.clinic)
    assert len(app.appointments()) == 1


async def test_edit_and_cancel_buttons(app: FakeApp) -> None:
    app.means("Mañana a las 4, soy Ana López", ALL_AT_ONCE)
    await app.say("Mañana a las 4, soy Ana López")
    await app.press("EDIT_BOOKING")
    assert app.session().state is S.COLLECTING_DATE
    assert app.session().collected.patient_name == "Ana López"
    [bye] = await app.press("CANCEL_BOOKING")
    assert bye == texts.booking_abandoned(app.clinic)
    assert app.session().state is S.IDLE
    assert app.appointments() == []


async def test_reset_and_cancel_by_text(app: FakeApp) -> None:
    app.means("Mañana a las 4, soy Ana López", ALL_AT_ONCE)
    app.means("empezar de nuevo", Understanding(Intent.RESET))
    app.means("cancelar", Understanding(Intent.CANCEL))
    await app.say("Mañana a las 4, soy Ana López")
    await app.say("empezar de nuevo")
    assert app.session().state is S.IDLE
    assert app.session().collected.patient_name is None
    [reply] = await app.say("cancelar")
    assert reply == texts.nothing_to_cancel(app.clinic)


async def test_blocked_numbers_get_nothing(app: FakeApp) -> None:
    from domain.ids import PatientAddress

    assert await app.say("hola", who=PatientAddress("56900000000")) == []
    assert app.nlu.calls == 0
    assert app.metrics.counted["turn", "blocked"] == 1


async def test_a_paused_bot_stays_quiet_but_keeps_the_history(app: FakeApp) -> None:
    await app.press("START_BOOKING")
    app.uow.store.sessions[(app.clinic.id, ANA)].bot_enabled = False
    assert await app.say("hola?") == []
    assert app.session().history[-1].text == "hola?"
    assert app.nlu.calls == 0


async def test_a_stale_booking_starts_over(app: FakeApp) -> None:
    app.means("Mañana a las 4, soy Ana López", ALL_AT_ONCE)
    app.means("hola", Understanding(Intent.GREET))
    await app.say("Mañana a las 4, soy Ana López")
    app.clock.advance(timedelta(hours=3))
    [reply] = await app.say("hola")
    assert reply == texts.welcome(app.clinic)
    assert app.session().state is S.IDLE


async def test_faq_mid_booking_answers_and_asks_again(app: FakeApp) -> None:
    app.means("Quiero agendar una cita", BOOK)
    app.means("¿dónde están?", Understanding(Intent.FAQ, faq_index=0))
    await app.say("Quiero agendar una cita")
    answer, prompt = await app.say("¿dónde están?")
    assert answer.body == "Estamos en Av. Providencia 1234."
    assert isinstance(prompt, ButtonsReply)
    assert prompt.buttons[0].id.startswith("DAY:")


def test_days_read_naturally_in_spanish(app: FakeApp) -> None:
    today = date(2026, 11, 30)
    assert texts.on_day(app.clinic, today, today) == "hoy lunes 30 de noviembre"
    assert texts.on_day(app.clinic, date(2026, 12, 1), today) == "mañana martes 1 de diciembre"
    assert texts.on_day(app.clinic, date(2026, 12, 2), today) == "el miércoles 2 de diciembre"
    assert texts.short_day(app.clinic, date(2026, 12, 2)) == "mié 2 dic"


async def test_a_full_part_of_the_day_offers_the_rest_of_that_day_saying_so(app: FakeApp) -> None:
    app.means("mañana en la noche", Understanding(Intent.BOOK, day=TOMORROW, part=DayPart.EVENING))
    [offer, invite] = await app.say("mañana en la noche")
    assert "lista de espera para mañana martes 1 de diciembre en la noche" in invite.body
    assert isinstance(offer, ListReply)
    assert offer.body.startswith("En la noche no quedan horas ese día.")
    assert offer.rows[0].title == "09:00"
    assert app.session().state is S.COLLECTING_TIME


async def test_a_doctor_chosen_after_the_day_who_does_not_work_it_asks_for_another_day(app: FakeApp) -> None:
    saturday = date(2026, 12, 5)
    weekends = doctor(
        "rojas", name="Dra. Valentina Rojas", weekly=WeeklyHours({5: (TimeRange(time(9), time(13)),)})
    )
    app.clinic = replace(app.clinic, doctors=(*app.clinic.doctors, weekends))
    app.means("mañana en la tarde", TOMORROW_AFTERNOON)
    app.means("con la Dra. Rojas", Understanding(Intent.BOOK, doctor_id=DoctorId("rojas")))
    await app.say("mañana en la tarde")
    [asked] = await app.say("con la Dra. Rojas")
    assert asked.body.startswith(
        "Mañana martes 1 de diciembre no quedan horas disponibles con Dra. Valentina Rojas."
    )
    assert isinstance(asked, ButtonsReply)
    saturdays = [saturday + timedelta(weeks=n) for n in range(3)]  # the days she works
    assert [b.id for b in asked.buttons] == [f"DAY:{day.isoformat()}" for day in saturdays]
