"""People, not phones: one WhatsApp number books for a whole family, each with their own visits."""

from __future__ import annotations

from datetime import date

from application import texts_es as texts
from application.messages import ButtonsReply, ListReply, TemplateReply, TextReply, choices_of
from application.texts_es import visits
from domain.conversation import ConversationState as S
from domain.people import SELF
from domain.understanding import Intent, Understanding
from domain.when import ClockTime
from tests.unit.application.conftest import ANA, TOMORROW, FakeApp

FRIDAY = date(2026, 12, 4)


def at(day: date, hour: int, **whom: str) -> Understanding:
    return Understanding(Intent.BOOK, day=day, time=ClockTime(hour), **whom)  # type: ignore[arg-type]


async def test_the_first_booking_asks_whether_it_is_for_the_patient_or_someone_else(app: FakeApp) -> None:
    app.means("mañana a las 10", at(TOMORROW, 10))
    app.means("Ana López", Understanding(Intent.BOOK, patient_name="Ana López"))
    [who] = await app.say("mañana a las 10")
    assert who == texts.ask_name(app.clinic)
    assert [title for _, title in choices_of(who)] == ["Para mí", "Otra persona"]

    [name] = await app.press("PERSON_SELF")
    assert name == TextReply("¿Cuál es tu nombre y apellido?")
    [card] = await app.say("Ana López")
    assert "👤 Ana López\n" in card.body
    await app.press("CONFIRM_BOOKING")
    [ana] = app.session().people
    assert (ana.name, ana.relation) == ("Ana López", SELF)

    # Next time "para mí" needs no name: the phone's owner is known.
    app.means("el viernes a las 10 para mí", at(FRIDAY, 10, relation=SELF))
    [card] = await app.say("el viernes a las 10 para mí")
    assert app.session().state is S.CONFIRMING
    assert "👤 Ana López\n" in card.body


async def test_a_mother_books_for_two_children_each_in_their_own_name(app: FakeApp) -> None:
    app.means(
        "mañana a las 10 para mi hijo Mateo Rojas",
        at(TOMORROW, 10, relation="hijo", patient_name="Mateo Rojas"),
    )
    [card] = await app.say("mañana a las 10 para mi hijo Mateo Rojas")
    assert "👤 Mateo Rojas (tu hijo)" in card.body
    await app.press("CONFIRM_BOOKING")

    app.means("el viernes a las 10", at(FRIDAY, 10))
    [who] = await app.say("el viernes a las 10")
    assert isinstance(who, ButtonsReply)
    assert "¿Para quién es la cita?" in who.body
    assert [title for _, title in choices_of(who)] == ["Mateo Rojas", "Otra persona"]

    [name] = await app.press("PERSON_OTHER")
    assert name.body.startswith("¿Cómo se llama la persona que se atenderá?")
    app.means("Sofía Rojas, mi hija", Understanding(Intent.BOOK, patient_name="Sofía Rojas", relation="hija"))
    [card] = await app.say("Sofía Rojas, mi hija")
    assert "👤 Sofía Rojas (tu hija)" in card.body  # not the first child's name
    await app.press("CONFIRM_BOOKING")

    mateo, sofia = sorted(app.appointments(), key=lambda a: a.starts_at)
    assert (mateo.patient_name, sofia.patient_name) == ("Mateo Rojas", "Sofía Rojas")
    assert [p.name for p in app.session().people] == ["Sofía Rojas", "Mateo Rojas"]
    # Each has their own reminders, in their own name.
    for appointment, first_name in ((mateo, "Mateo"), (sofia, "Sofía")):
        assert len([r for r in app.uow.store.reminders if r.appointment_id == appointment.id]) == 2
        reminder = visits.reminder(app.clinic, appointment, TOMORROW)
        assert isinstance(reminder, TemplateReply)
        assert reminder.body_parameters[0] == first_name


async def test_a_relation_without_a_name_asks_for_that_persons_name(app: FakeApp) -> None:
    app.means("quiero hora para mi hija", Understanding(Intent.BOOK, relation="hija"))
    app.means("mañana a las 10", at(TOMORROW, 10))
    app.means("Sofía Rojas", Understanding(Intent.BOOK, patient_name="Sofía Rojas"))
    await app.say("quiero hora para mi hija")
    [ask] = await app.say("mañana a las 10")
    assert ask == TextReply("¿Cómo se llama tu hija? Escríbeme su nombre y apellido.")
    [card] = await app.say("Sofía Rojas")
    assert "👤 Sofía Rojas (tu hija)" in card.body


async def test_a_tapped_person_fills_the_name_and_a_forged_one_changes_nothing(app: FakeApp) -> None:
    app.means(
        "mañana a las 10 para mi hijo Mateo Rojas",
        at(TOMORROW, 10, relation="hijo", patient_name="Mateo Rojas"),
    )
    await app.say("mañana a las 10 para mi hijo Mateo Rojas")
    await app.press("CONFIRM_BOOKING")
    app.means("el viernes a las 10", at(FRIDAY, 10))
    [who] = await app.say("el viernes a las 10")
    [(mateo, _), _] = choices_of(who)

    [unknown, again] = await app.press("PERSON:someone-elses-id")
    assert unknown == texts.unknown_option(app.clinic)
    assert app.session().state is S.COLLECTING_NAME
    assert again == who

    [card] = await app.press(mateo)
    assert "👤 Mateo Rojas (tu hijo)" in card.body


async def test_many_people_are_offered_as_a_list(app: FakeApp) -> None:
    for n, name in enumerate(("Ana López", "Mateo Rojas", "Sofía Rojas")):
        day = date(2026, 12, 1 + n)
        app.means(f"{name} el {day}", at(day, 10, patient_name=name))
        await app.say(f"{name} el {day}")
        await app.press("CONFIRM_BOOKING")
    app.means("el viernes a las 10", at(FRIDAY, 10))
    [who] = await app.say("el viernes a las 10")
    assert isinstance(who, ListReply)
    assert [title for _, title in choices_of(who)] == [
        "Sofía Rojas",
        "Mateo Rojas",
        "Ana López",
        "Otra persona",
    ]


async def test_questions_cancelling_and_moving_work_per_person(app: FakeApp) -> None:
    app.means(
        "mañana a las 10 para mi hijo Mateo Rojas",
        at(TOMORROW, 10, relation="hijo", patient_name="Mateo Rojas"),
    )
    app.means(
        "el viernes a las 10 para mi hija Sofía Rojas",
        at(FRIDAY, 10, relation="hija", patient_name="Sofía Rojas"),
    )
    for text in ("mañana a las 10 para mi hijo Mateo Rojas", "el viernes a las 10 para mi hija Sofía Rojas"):
        await app.say(text)
        await app.press("CONFIRM_BOOKING")
    mateo, sofia = sorted(app.appointments(), key=lambda a: a.starts_at)

    app.means("¿a qué hora es la cita de Mateo?", Understanding(Intent.MY_APPOINTMENTS, patient_name="Mateo"))
    [mateos] = await app.say("¿a qué hora es la cita de Mateo?")
    assert "a nombre de Mateo Rojas" in mateos.body
    assert "viernes" not in mateos.body

    app.means("¿a qué hora son las citas?", Understanding(Intent.MY_APPOINTMENTS))
    [both] = await app.say("¿a qué hora son las citas?")
    assert "• Mateo: mañana martes 1 de diciembre a las 10:00" in both.body
    assert "• Sofía: el viernes 4 de diciembre a las 10:00" in both.body

    app.means("cancelar la hora de mi hija", Understanding(Intent.CANCEL, relation="hija"))
    [ask] = await app.say("cancelar la hora de mi hija")
    assert [choice for choice, _ in choices_of(ask)] == [f"APPT_CANCEL:{sofia.id}", "APPT_KEEP"]

    app.means("cambiar una cita", Understanding(Intent.RESCHEDULE))
    [menu] = await app.say("cambiar una cita")
    assert isinstance(menu, ListReply)
    assert [row.description for row in menu.rows] == [
        "Mateo · Dra. Camila Pérez",
        "Sofía · Dra. Camila Pérez",
    ]
    assert mateo.patient == sofia.patient == ANA
