"""Patients' rights by chat (issue 24): erasure after a confirmation, a summary of what is kept,
and the name corrected. None of it is read by the language model."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date, timedelta

import pytest

from application.buttons import PRIVACY_ERASE_CONFIRM, PRIVACY_ERASE_KEEP
from application.messages import ButtonsReply, InboundMessage, TextReply, choices_of
from application.ports import AuditAction
from application.privacy_register import WarnOfDeadlines, new_request
from application.texts_es import consent, privacy
from domain.appointment import Appointment
from domain.erasure import ERASED_NAME, ERASED_PREFIX
from domain.ids import AddressKind, AppointmentId, PatientAddress
from domain.privacy_requests import Channel, PrivacyRequest, Right
from domain.understanding import Intent, Understanding
from tests.unit.application.conftest import ANA, BETO, NOW, TOMORROW, FakeApp, Refused
from tests.unit.application.test_managing_appointments import book
from tests.unit.application.test_people import at

ANA_USER_ID = PatientAddress("CL.13491208655302741918", AddressKind.USER_ID)


def past_visit(app: FakeApp, who: PatientAddress = ANA, *, days_ago: int = 30) -> Appointment:
    """A visit that took place: a clinical record the clinic keeps."""
    starts = NOW - timedelta(days=days_ago)
    visit = Appointment(
        AppointmentId(f"past-{days_ago}-{who.value}"),
        app.clinic.id,
        app.clinic.doctors[0].id,
        who,
        "Ana López",
        starts,
        starts + timedelta(minutes=30),
    )
    app.uow.store.appointments[visit.id] = visit
    return visit


def held_by(app: FakeApp, *patients: PatientAddress) -> list[str]:
    """Every place the in-memory store could still hold one of these patients."""
    store, found = app.uow.store, []
    for key in [*store.sessions, *store.patients, *store.aliases, *store.holds]:
        if key[1] in patients:
            found.append(f"keyed: {key[1].masked()}")
    found += [f"alias of {v.masked()}" for v in store.aliases.values() if v in patients]
    found += [f"appointment {a.id}" for a in store.appointments.values() if a.patient in patients]
    found += [f"inbox {i}" for i, row in store.inbox.pending.items() if row.message.sender in patients]
    outbox = [*store.outbox.pending.values(), *store.outbox.recent.values(), *store.outbox.failed]
    found += [f"outbox {r.id}" for r in outbox if r.to in patients]
    return found


@pytest.mark.parametrize(
    "request_text",
    [
        "borrar mis datos",
        "eliminar mis datos",
        "borren mis datos",
        "Borren mis datoz porfa",
        "quiero que eliminen mi información",
        "quiero que elimnen mi informasion",
        "elimina mis datos personales",
        "derecho al olvido",
        "supriman mis datos",
        "kiero q borren todos mis datos",
        "olvídenme",
    ],
)
async def test_an_erasure_request_asks_to_confirm_with_buttons_and_never_reaches_the_model(
    app: FakeApp, request_text: str
) -> None:
    [ask] = await app.say(request_text)
    assert isinstance(ask, ButtonsReply)
    assert [i for i, _ in choices_of(ask)] == [PRIVACY_ERASE_CONFIRM, PRIVACY_ERASE_KEEP]
    assert "15 años" in ask.body  # what the clinic keeps, and for how long
    assert app.nlu.calls == 0
    assert [r.entry.action for r in await app.audit.entries(app.clinic.id)] == [
        AuditAction.PRIVACY_REQUEST_RECEIVED
    ]


async def test_erasure_deletes_the_patient_keeps_past_visits_pseudonymised_and_cancels_upcoming(
    app: FakeApp,
) -> None:
    upcoming = await book(app)
    kept = past_visit(app, days_ago=30)
    past_visit(app, days_ago=16 * 365)  # past the clinic's retention: it goes
    calls = app.nlu.calls
    assert {c.patient for c in app.uow.store.consents} == {ANA, BETO}

    [ask] = await app.say("borren mis datos")
    assert "Tu próxima cita se cancelará." in ask.body
    [last] = await app.press(PRIVACY_ERASE_CONFIRM)

    assert {c.patient for c in app.uow.store.consents} == {BETO}  # her answers to the notice go too

    assert last == privacy.erased(app.clinic)
    assert isinstance(last, TextReply)
    assert last.forget_when_sent
    assert app.nlu.calls == calls
    assert held_by(app, ANA) == []
    [record] = app.appointments()
    assert record.id == kept.id
    assert record.id != upcoming.id
    assert record.patient.value == f"{ERASED_PREFIX}{app.names.patient(ANA)}"
    assert record.patient_name == ERASED_NAME
    assert app.uow.store.reminders == []  # the upcoming visit's reminders went with it
    entries = [r.entry for r in await app.audit.entries(app.clinic.id)]
    assert AuditAction.PATIENT_ERASED in [e.action for e in entries]
    assert all(ANA.value not in f"{e}" and "Ana" not in f"{e}" for e in entries)


async def test_after_erasure_the_patient_starts_afresh(app: FakeApp) -> None:
    await book(app)
    await app.say("borrar mis datos")
    await app.press(PRIVACY_ERASE_CONFIRM)
    app.means("hola", Understanding(Intent.GREET))
    notice, *_ = await app.say("hola")
    assert notice == consent.privacy_notice(app.clinic)  # a first contact again: the notice again
    assert app.session().people == ()
    assert app.uow.store.patients.get((app.clinic.id, ANA)) is None


async def test_saying_no_to_the_confirmation_keeps_everything(app: FakeApp) -> None:
    appointment = await book(app)
    await app.say("elimina mis datos personales")
    [kept, *_] = await app.press(PRIVACY_ERASE_KEEP)
    assert kept == privacy.erasure_kept(app.clinic)
    assert app.appointments() == [appointment]
    assert app.session().people
    assert app.uow.store.reminders


async def test_erasure_by_user_id_erases_the_number_linked_to_it_too(app: FakeApp) -> None:
    app.means("hola", Understanding(Intent.GREET))
    message = InboundMessage.text_message("wamid.link", app.clinic.id, ANA, app.clock.now(), "hola")
    await app.deliver(replace(message, also=ANA_USER_ID))
    await book(app)
    await app.say("borrar mis datos", who=ANA_USER_ID)
    [last] = await app.press(PRIVACY_ERASE_CONFIRM, who=ANA_USER_ID)
    assert last == privacy.erased(app.clinic)
    assert app.sender.to(ANA_USER_ID)[-1] == last
    assert held_by(app, ANA, ANA_USER_ID) == []
    assert app.appointments() == []


async def test_a_parent_erasing_takes_the_childs_upcoming_visit_and_the_phones_people(app: FakeApp) -> None:
    app.means(
        "mañana a las 10 para mi hijo Mateo", at(TOMORROW, 10, relation="hijo", patient_name="Mateo Rojas")
    )
    await app.say("mañana a las 10 para mi hijo Mateo")
    await app.press("CONFIRM_BOOKING")
    assert app.session().people
    await book(app, who="beto")  # another patient's visit stays as it is

    [ask] = await app.say("borren mis datos")
    assert "Tu próxima cita se cancelará." in ask.body
    await app.press(PRIVACY_ERASE_CONFIRM)
    assert held_by(app, ANA) == []
    assert [a.patient for a in app.appointments()] == [BETO]


async def test_the_erasure_buttons_of_a_patient_with_nothing_kept_are_harmless(app: FakeApp) -> None:
    [last] = await app.press(PRIVACY_ERASE_CONFIRM)
    assert last == privacy.erased(app.clinic)
    assert held_by(app, ANA) == []


@pytest.mark.parametrize("request_text", ["mis datos", "qué datos tienen de mí", "Derecho de acceso"])
async def test_access_by_chat_summarises_what_is_kept(app: FakeApp, request_text: str) -> None:
    await book(app)
    past_visit(app)
    calls = app.nlu.calls
    [summary] = await app.say(request_text)
    assert isinstance(summary, TextReply)
    assert "Ana López" in summary.body
    assert "Próximas citas: mañana" in summary.body
    assert "1 cita pasada" in summary.body
    assert "15 años" in summary.body
    assert "90 días" in summary.body
    assert "recepción" in summary.body
    assert app.nlu.calls == calls
    actions = [r.entry.action for r in await app.audit.entries(app.clinic.id)]
    assert AuditAction.PRIVACY_REQUEST_ANSWERED in actions


@pytest.mark.parametrize(
    "request_text", ["me equivoqué en mi nombre", "cambiar mi nombre", "mi nombre está mal"]
)
async def test_rectification_by_chat_changes_the_name_kept(app: FakeApp, request_text: str) -> None:
    appointment = await book(app)
    calls = app.nlu.calls
    [ask] = await app.say(request_text)
    assert ask == privacy.ask_new_name(app.clinic)
    [done] = await app.say("Ana María López")
    assert done == privacy.name_changed(app.clinic, "Ana María López")
    assert app.nlu.calls == calls
    assert app.uow.store.patients[(app.clinic.id, ANA)].name == "Ana María López"
    [me] = app.session().people  # booked without saying for whom: the phone's one person
    assert me.name == "Ana María López"
    assert app.uow.store.appointments[appointment.id].patient_name == "Ana María López"
    actions = [r.entry.action for r in await app.audit.entries(app.clinic.id)]
    assert AuditAction.PATIENT_RECTIFIED in actions


async def test_rectification_leaves_the_childs_name_alone(app: FakeApp) -> None:
    app.means(
        "mañana a las 10 para mi hijo Mateo", at(TOMORROW, 10, relation="hijo", patient_name="Mateo Rojas")
    )
    await app.say("mañana a las 10 para mi hijo Mateo")
    await app.press("CONFIRM_BOOKING")
    await app.say("cambiar mi nombre")
    await app.say("Ana López")
    assert {p.name for p in app.session().people} == {"Mateo Rojas"}
    assert [a.patient_name for a in app.appointments()] == ["Mateo Rojas"]


async def test_a_name_that_is_not_one_is_not_kept(app: FakeApp) -> None:
    await app.say("cambiar mi nombre")
    [reply] = await app.say("no, olvídalo, 123")
    assert reply == privacy.name_not_understood(app.clinic)
    assert app.uow.store.patients.get((app.clinic.id, ANA)) is None


def register(app: FakeApp) -> list[PrivacyRequest]:
    return sorted(app.uow.store.privacy_requests.values(), key=lambda r: r.received_at)


async def test_every_chat_request_is_registered_answered_with_its_deadline(app: FakeApp) -> None:
    await book(app)
    await app.say("mis datos")
    await app.say("cambiar mi nombre")
    await app.say("Ana María López")
    app.means("no quiero recibir más mensajes", Understanding(Intent.OPT_OUT))
    await app.say("no quiero recibir más mensajes")
    await app.say("borrar mis datos")
    await app.press(PRIVACY_ERASE_CONFIRM)

    requests = register(app)
    assert [r.right for r in requests] == [Right.ACCESS, Right.RECTIFICATION, Right.OBJECTION, Right.ERASURE]
    assert all(r.answered_at is not None and r.channel is Channel.WHATSAPP for r in requests)
    assert {r.patient for r in requests} == {app.names.patient(ANA)}
    assert all(r.address is None for r in requests)  # the register names an erased patient by hash alone
    assert requests[0].due == date(2026, 12, 21)  # a Santiago clinic: Chile's 15 business days


async def test_the_worker_warns_of_a_request_near_its_deadline_without_personal_data(
    app: FakeApp, caplog: pytest.LogCaptureFixture
) -> None:
    near = new_request(app.clinic, Right.ERASURE, Channel.API, app.names.patient(ANA), NOW, address=ANA)
    later = new_request(app.clinic, Right.ACCESS, Channel.API, app.names.patient(BETO), NOW, address=BETO)
    app.uow.store.privacy_requests[near.id] = near
    app.uow.store.privacy_requests[later.id] = later
    warn = WarnOfDeadlines(app.uow, app.clock)

    assert await warn() == []  # three weeks to go
    app.clock.set(NOW + timedelta(days=19))
    with caplog.at_level(logging.WARNING):
        assert [r.id for r in await warn()] == [near.id, later.id]
    logged = caplog.text
    assert near.id in logged
    assert "erasure" in logged
    assert near.due.isoformat() in logged
    assert ANA.value not in logged
    assert app.names.patient(ANA) not in logged


async def test_a_patient_unknown_to_the_clinic_is_told_there_is_nothing_but_this_chat(app: FakeApp) -> None:
    [summary] = await app.say("qué datos tienen de mí")
    assert "No tienes próximas citas." in summary.body
    assert "0 citas pasadas." in summary.body
    assert "Nombres" not in summary.body


async def test_the_last_message_refused_for_good_is_not_kept_either(app: FakeApp) -> None:
    await book(app)
    await app.say("borrar mis datos")
    app.refuse(Refused("undeliverable"))
    assert await app.press(PRIVACY_ERASE_CONFIRM) == []
    assert held_by(app, ANA) == []


async def test_erasing_in_the_middle_of_a_booking_lets_the_held_time_go(app: FakeApp) -> None:
    app.means("mañana a las 10", at(TOMORROW, 10))
    await app.say("mañana a las 10")
    assert app.uow.store.holds  # the time is kept for Ana while she says whom it is for
    await app.say("borren mis datos")
    await app.press(PRIVACY_ERASE_CONFIRM)
    assert app.uow.store.holds == {}
    assert held_by(app, ANA) == []
