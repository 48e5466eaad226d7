"""Services in the booking conversation: their length, their doctors, their price and preparation."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from application.messages import ButtonsReply, ListReply, TextReply, choices_of
from application.texts_es import visits
from domain.conversation import ConversationState as S
from domain.ids import DoctorId, ServiceId
from domain.services import Price, Service
from domain.understanding import Intent, ServiceQuestion, Understanding
from domain.when import ClockTime
from tests.factories import clinic, doctor
from tests.unit.application.conftest import TOMORROW, FakeApp

EVALUATION = Service(ServiceId("evaluacion"), "Evaluación dental", price=Price(Decimal(25000), "CLP"))
CLEANING = Service(
    ServiceId("limpieza"),
    "Limpieza dental",
    timedelta(minutes=60),
    price=Price(Decimal(35000), "CLP"),
    doctor_ids=(DoctorId("perez"),),
    preparation="No necesitas venir en ayunas.",
)
WHITENING = Service(
    ServiceId("blanqueamiento"),
    "Blanqueamiento",
    timedelta(minutes=90),
    price=Price(Decimal(120000), "CLP", True),
)
BRACES = Service(
    ServiceId("brackets"), "Instalación de brackets", doctor_ids=(DoctorId("soto"),), bookable=False
)
CHECK = Service(
    ServiceId("control"), "Control de ortodoncia", timedelta(minutes=20), doctor_ids=(DoctorId("soto"),)
)

CLEAN = Understanding(Intent.BOOK, service_id=CLEANING.id)
CLEAN_TOMORROW_AT_10 = Understanding(Intent.BOOK, service_id=CLEANING.id, day=TOMORROW, time=ClockTime(10))
ANA_LOPEZ = Understanding(Intent.BOOK, patient_name="Ana López")


@pytest.fixture
def app() -> FakeApp:
    return FakeApp(
        replace(
            clinic(
                doctor("perez"),
                doctor("soto", name="Dr. Andrés Soto", specialty="Ortodoncia", slot_minutes=45),
            ),
            services=(EVALUATION, CLEANING, WHITENING, BRACES, CHECK),
        )
    )


async def test_a_cleaning_is_booked_as_sixty_minutes_with_the_doctor_who_does_it(app: FakeApp) -> None:
    app.means("una limpieza mañana a las 10", CLEAN_TOMORROW_AT_10)
    app.means("Ana López", ANA_LOPEZ)

    [_ask_name] = await app.say("una limpieza mañana a las 10")
    assert app.session().state is S.COLLECTING_NAME
    assert app.session().collected.service_id == "limpieza"

    [card] = await app.say("Ana López")
    assert isinstance(card, ButtonsReply)
    assert "Limpieza dental · 60 min · $35.000" in card.body
    assert "Dra. Camila Pérez" in card.body

    [done, _calendar] = await app.press("CONFIRM_BOOKING")
    assert "Limpieza dental, 60 min" in done.body
    [appointment] = app.appointments()
    assert appointment.service_id == "limpieza"
    assert appointment.doctor_id == "perez"
    assert appointment.ends_at - appointment.starts_at == timedelta(minutes=60)
    assert app.local(appointment.starts_at) == "2026-12-01 10:00"


async def test_the_times_offered_for_a_long_service_fit_it_whole(app: FakeApp) -> None:
    app.means("quiero un blanqueamiento", Understanding(Intent.BOOK, service_id=WHITENING.id))
    app.means("mañana", Understanding(Intent.BOOK, day=TOMORROW))
    [ask_day] = await app.say("quiero un blanqueamiento")
    assert "«Blanqueamiento» (90 min)" in ask_day.body
    [offer] = await app.say("mañana")
    assert isinstance(offer, ListReply)
    assert "«Blanqueamiento» (90 min)" in offer.body
    times = [row.title for row in offer.rows]
    assert "11:30" in times
    assert "12:00" not in times
    assert "17:30" in times
    assert "18:00" not in times

    # A tapped time books the service's length, not the doctor's slot.
    app.means("Ana López", ANA_LOPEZ)
    await app.press(offer.rows[0].id)
    await app.say("Ana López")
    await app.press("CONFIRM_BOOKING")
    [appointment] = app.appointments()
    assert appointment.ends_at - appointment.starts_at == timedelta(minutes=90)
    assert appointment.service_id == "blanqueamiento"


async def test_a_service_the_chosen_doctor_does_not_do_says_who_does(app: FakeApp) -> None:
    app.means("con el Dr. Soto", Understanding(Intent.BOOK, doctor_id=DoctorId("soto")))
    app.means("una limpieza", CLEAN)
    await app.say("con el Dr. Soto")
    assert app.session().collected.doctor_id == "soto"

    [reply] = await app.say("una limpieza")
    assert "«Limpieza dental» lo atiende Dra. Camila Pérez." in reply.body
    assert app.session().collected.doctor_id is None
    assert app.session().collected.service_id == "limpieza"

    app.means("con Soto", Understanding(Intent.BOOK, doctor_id=DoctorId("soto")))
    [again] = await app.say("con Soto")
    assert "«Limpieza dental» lo atiende Dra. Camila Pérez." in again.body
    assert app.session().collected.doctor_id is None


async def test_a_doctor_with_no_service_named_books_a_service_that_doctor_does(app: FakeApp) -> None:
    app.means(
        "con Soto mañana a las 10", Understanding(Intent.BOOK, doctor_id=DoctorId("soto"), day=TOMORROW)
    )
    app.means("Ana López", ANA_LOPEZ)
    [offer] = await app.say("con Soto mañana a las 10")
    times = [title for _, title in choices_of(offer)]
    assert times[:2] == ["09:00", "09:45"]  # the evaluation, on Soto's 45-minute slots


async def test_a_service_that_needs_a_person_first_hands_the_chat_to_staff(app: FakeApp) -> None:
    app.means("quiero ponerme brackets", Understanding(Intent.BOOK, service_id=BRACES.id, day=TOMORROW))
    [reply] = await app.say("quiero ponerme brackets")
    assert "«Instalación de brackets»" in reply.body
    assert "persona" in reply.body
    assert not app.session().bot_enabled
    assert app.session().state is S.IDLE
    assert await app.say("¿hola?") == []  # staff answer from here
    assert app.appointments() == []


async def test_price_preparation_and_length_come_from_the_services_data(app: FakeApp) -> None:
    app.means(
        "¿cuánto sale la limpieza?",
        Understanding(Intent.FAQ, service_id=CLEANING.id, asks=ServiceQuestion.PRICE),
    )
    app.means("¿cuánto sale?", Understanding(Intent.FAQ, asks=ServiceQuestion.PRICE))
    app.means("¿hay que ir en ayunas?", Understanding(Intent.FAQ, asks=ServiceQuestion.PREPARATION))
    app.means(
        "¿cuánto dura un blanqueamiento?",
        Understanding(Intent.FAQ, service_id=WHITENING.id, asks=ServiceQuestion.DURATION),
    )

    [price] = await app.say("¿cuánto sale la limpieza?")
    assert price.body == "Limpieza dental cuesta $35.000 y dura unos 60 min."
    assert app.session().state is S.IDLE  # a question books nothing

    [prices] = await app.say("¿cuánto sale?")
    assert "• Limpieza dental (60 min): $35.000" in prices.body
    assert "• Blanqueamiento (90 min): desde $120.000" in prices.body
    assert "• Evaluación dental (30 a 45 min): $25.000" in prices.body
    assert "• Instalación de brackets (45 min): según evaluación" in prices.body

    braces_price = Understanding(Intent.FAQ, service_id=BRACES.id, asks=ServiceQuestion.PRICE)
    app.means("¿y los brackets?", braces_price)
    [no_price] = await app.say("¿y los brackets?")
    assert no_price.body == (
        "Instalación de brackets: dura unos 45 min. Su precio depende de cada caso; te lo confirmamos antes "
        "de empezar."
    )
    assert app.session().bot_enabled  # asking about it is not asking to book it

    [how_long] = await app.say("¿cuánto dura un blanqueamiento?")
    assert how_long.body == "Blanqueamiento dura unos 90 min."

    [fasting] = await app.say("¿hay que ir en ayunas?")
    assert "• Limpieza dental: No necesitas venir en ayunas." in fasting.body


async def test_a_question_mid_booking_is_about_its_service_and_the_booking_goes_on(app: FakeApp) -> None:
    app.means("una limpieza", CLEAN)
    app.means("¿hay que ir en ayunas?", Understanding(Intent.FAQ, asks=ServiceQuestion.PREPARATION))
    await app.say("una limpieza")
    [answer, again] = await app.say("¿hay que ir en ayunas?")
    assert answer.body == "Limpieza dental: No necesitas venir en ayunas."
    assert app.session().state is S.COLLECTING_DATE
    assert isinstance(again, ButtonsReply)
    assert "¿Para qué día" in again.body


async def test_a_question_with_a_day_books_after_answering(app: FakeApp) -> None:
    question = Understanding(Intent.BOOK, service_id=CLEANING.id, day=TOMORROW, asks=ServiceQuestion.PRICE)
    app.means("cuánto sale una limpieza? la quiero mañana", question)
    [price, offer] = await app.say("cuánto sale una limpieza? la quiero mañana")
    assert "$35.000" in price.body
    assert app.session().state is S.COLLECTING_TIME
    assert app.session().collected.service_id == "limpieza"
    assert choices_of(offer)


async def test_moving_an_appointment_keeps_its_service_and_length(app: FakeApp) -> None:
    app.means("una limpieza mañana a las 10", CLEAN_TOMORROW_AT_10)
    app.means("Ana López", ANA_LOPEZ)
    await app.say("una limpieza mañana a las 10")
    await app.say("Ana López")
    await app.press("CONFIRM_BOOKING")
    [booked] = app.appointments()

    thursday = date(2026, 12, 3)
    app.means(
        "cambiar mi cita al jueves a las 11",
        Understanding(Intent.RESCHEDULE, day=thursday, time=ClockTime(11)),
    )
    [card] = await app.say("cambiar mi cita al jueves a las 11")
    assert "Limpieza dental · 60 min" in card.body
    await app.press("CONFIRM_BOOKING")
    [moved] = app.appointments()
    assert moved.id == booked.id
    assert moved.service_id == "limpieza"
    assert app.local(moved.starts_at) == "2026-12-03 11:00"
    assert moved.ends_at - moved.starts_at == timedelta(minutes=60)


async def test_a_clinic_without_services_books_plain_visits_as_before() -> None:
    plain = FakeApp(clinic(doctor("perez")))
    plain.means("mañana a las 10", Understanding(Intent.BOOK, day=TOMORROW, time=ClockTime(10)))
    plain.means("Ana López", ANA_LOPEZ)
    await plain.say("mañana a las 10")
    [card] = await plain.say("Ana López")
    assert "📋" not in card.body
    await plain.press("CONFIRM_BOOKING")
    [appointment] = plain.appointments()
    assert appointment.service_id is None
    assert appointment.ends_at - appointment.starts_at == timedelta(minutes=30)
    price = Understanding(Intent.FAQ, asks=ServiceQuestion.PRICE)
    plain.means("¿cuánto sale?", price)
    [answer] = await plain.say("¿cuánto sale?")
    assert isinstance(answer, TextReply)
    assert "equipo" in answer.body


async def test_the_reminder_names_the_service_within_the_templates_five_parameters(app: FakeApp) -> None:
    app.means("una limpieza mañana a las 10", CLEAN_TOMORROW_AT_10)
    app.means("Ana López", ANA_LOPEZ)
    await app.say("una limpieza mañana a las 10")
    await app.say("Ana López")
    await app.press("CONFIRM_BOOKING")
    [appointment] = app.appointments()
    reminder = visits.reminder(app.clinic, appointment, TOMORROW)
    assert len(reminder.body_parameters) == 5  # the approved template's count does not change
    assert reminder.body_parameters[3] == "Dra. Camila Pérez (Limpieza dental, 60 min)"
