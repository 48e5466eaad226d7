"""Recall campaigns and opting out, on in-memory adapters: each reply does its job with no NLU call."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta

import pytest

from adapters.memory.recalls import InMemoryRecallLog
from application.messages import ButtonsReply, TemplateReply
from application.recall_campaign import RecallOutcome, RunRecallCampaign, UnknownCampaign
from application.texts_es import outreach
from domain.appointment import Appointment, AppointmentStatus
from domain.conversation import ConversationState as S
from domain.ids import AppointmentId, DoctorId, PatientAddress
from domain.outreach import RecallCampaign, RecallSettings
from domain.understanding import Intent, Understanding
from tests.unit.application.conftest import ANA, BETO, NOW, FakeApp

CLEANING = RecallCampaign("limpieza", "Odontología general", after_months=6, template="recordatorio_control")
CARLA = PatientAddress("56955556666")


@pytest.fixture
def recall_app(app: FakeApp) -> FakeApp:
    app.clinic = replace(app.clinic, recalls=RecallSettings(campaigns=(CLEANING,)))
    return app


def visit(
    app: FakeApp, who: PatientAddress, months_ago: float, *, doctor: str = "perez", name: str = "Ana López"
) -> Appointment:
    starts = NOW - timedelta(days=30.5 * months_ago)
    specialty = app.clinic.doctor(doctor).specialty  # type: ignore[union-attr]
    appointment = Appointment(
        AppointmentId(str(uuid.uuid4())),
        app.clinic.id,
        DoctorId(doctor),
        who,
        name,
        starts,
        starts + timedelta(minutes=30),
        service=specialty,
    )
    app.uow.store.appointments[appointment.id] = appointment
    return appointment


def campaign(app: FakeApp) -> tuple[RunRecallCampaign, InMemoryRecallLog]:
    log = InMemoryRecallLog(app.uow.store)
    return RunRecallCampaign(recalls=log, sender=app.sender, clock=app.clock), log


async def test_a_campaign_recalls_only_patients_due_and_never_twice(recall_app: FakeApp) -> None:
    app = recall_app
    visit(app, ANA, months_ago=7)
    visit(app, BETO, months_ago=3, name="Beto")  # too recent
    visit(app, CARLA, months_ago=8, doctor="soto", name="Carla")  # another service
    run, _ = campaign(app)
    results = await run(app.clinic, "limpieza")
    assert [(r.patient, r.outcome) for r in results] == [(ANA, RecallOutcome.SENT)]
    [sent] = app.sender.sent
    assert sent.to == ANA
    assert isinstance(sent.message, TemplateReply)
    assert sent.message.name == "recordatorio_control"
    assert sent.message.body_parameters == ("Ana", "Clínica Dental Sonrisa")
    assert sent.message.quick_reply_payloads == (
        "RECALL_REPLY_BOOK",
        "RECALL_REPLY_LATER",
        "RECALL_REPLY_STOP",
    )
    assert await run(app.clinic, "limpieza") == []
    assert len(app.sender.sent) == 1


async def test_an_upcoming_appointment_means_no_recall(recall_app: FakeApp) -> None:
    app = recall_app
    visit(app, ANA, months_ago=7)
    visit(app, ANA, months_ago=-0.5)  # booked for two weeks from now
    run, _ = campaign(app)
    assert await run(app.clinic, "limpieza") == []


async def test_a_dry_run_sends_nothing_and_claims_nothing(recall_app: FakeApp) -> None:
    app = recall_app
    visit(app, ANA, months_ago=7)
    run, _ = campaign(app)
    assert [r.outcome for r in await run(app.clinic, "limpieza", dry_run=True)] == [RecallOutcome.WOULD_SEND]
    assert app.sender.sent == []
    assert [r.outcome for r in await run(app.clinic, "limpieza")] == [RecallOutcome.SENT]


async def test_an_unknown_campaign_is_a_clear_error(recall_app: FakeApp) -> None:
    run, _ = campaign(recall_app)
    with pytest.raises(UnknownCampaign, match="it has: limpieza"):
        await run(recall_app.clinic, "blanqueamiento")


async def test_book_reply_starts_the_booking_without_the_nlu(recall_app: FakeApp) -> None:
    app = recall_app
    [reply] = await app.press("RECALL_REPLY_BOOK")
    assert app.session().state is S.COLLECTING_DATE
    assert isinstance(reply, ButtonsReply)
    assert reply.body.startswith(outreach.recall_book_lead(app.clinic))
    assert app.nlu.calls == 0


async def test_later_reply_snoozes_the_patients_recalls(recall_app: FakeApp) -> None:
    app = recall_app
    visit(app, ANA, months_ago=7)
    run, _ = campaign(app)
    await run(app.clinic, "limpieza")
    [reply] = await app.press("RECALL_REPLY_LATER")
    assert "te escribiremos de nuevo a partir del miércoles 30 de diciembre" in reply.body
    patient = app.uow.store.patients[(app.clinic.id, ANA)]
    assert patient.recall_snoozed_until == NOW + timedelta(days=30)
    app.clock.advance(timedelta(days=29))
    assert await run(app.clinic, "limpieza") == []
    app.clock.advance(timedelta(days=2))  # the snooze is over: a new cycle, a new recall
    assert [r.outcome for r in await run(app.clinic, "limpieza")] == [RecallOutcome.SENT]
    assert app.nlu.calls == 0


async def test_stop_reply_opts_out_of_recalls(recall_app: FakeApp) -> None:
    app = recall_app
    visit(app, ANA, months_ago=7)
    [reply] = await app.press("RECALL_REPLY_STOP")
    assert reply == outreach.opted_out(app.clinic)
    assert "ALTA" in reply.body
    run, _ = campaign(app)
    assert await run(app.clinic, "limpieza") == []
    assert app.nlu.calls == 0


async def test_reply_ids_are_the_clinics_own(recall_app: FakeApp) -> None:
    app = recall_app
    app.clinic = replace(app.clinic, recalls=replace(app.clinic.recalls, stop_id="RECALL_REPLY_NO_MAS"))
    await app.press("RECALL_REPLY_STOP")
    assert (app.clinic.id, ANA) not in app.uow.store.patients  # not this clinic's id any more
    await app.press("RECALL_REPLY_NO_MAS")
    assert app.uow.store.patients[(app.clinic.id, ANA)].opted_out


async def test_a_failed_send_is_retried_by_the_next_run(recall_app: FakeApp) -> None:
    from tests.unit.application.conftest import FlakySender, RateLimited

    app = recall_app
    visit(app, ANA, months_ago=7)
    log = InMemoryRecallLog(app.uow.store)
    flaky = RunRecallCampaign(
        recalls=log, sender=FlakySender(app.sender, [RateLimited("131056")]), clock=app.clock
    )
    [failed] = await flaky(app.clinic, "limpieza")
    assert failed.outcome is RecallOutcome.FAILED
    [again] = await flaky(app.clinic, "limpieza")
    assert again.outcome is RecallOutcome.SENT
    assert await flaky(app.clinic, "limpieza") == []


@pytest.mark.parametrize("text", ["BAJA", "no quiero recibir mensajes"])
async def test_opting_out_in_words_and_back_in(app: FakeApp, text: str) -> None:
    app.means(text, Understanding(Intent.OPT_OUT))
    app.means("ALTA", Understanding(Intent.OPT_IN))
    [reply] = await app.say(text)
    assert reply == outreach.opted_out(app.clinic)
    assert app.uow.store.patients[(app.clinic.id, ANA)].opted_out
    [back] = await app.say("ALTA")
    assert back == outreach.opted_in(app.clinic)
    assert not app.uow.store.patients[(app.clinic.id, ANA)].opted_out


async def test_the_opt_out_reply_says_whether_reminders_continue(app: FakeApp) -> None:
    assert "Seguirás recibiendo solo los recordatorios" in outreach.opted_out(app.clinic).body
    stopping = replace(app.clinic, reminders=replace(app.clinic.reminders, stop_on_opt_out=True))
    assert "recordatorios" not in outreach.opted_out(stopping).body


async def test_cancelled_visits_do_not_count(recall_app: FakeApp) -> None:
    app = recall_app
    old = visit(app, ANA, months_ago=7)
    app.uow.store.appointments[old.id] = replace(
        old, status=AppointmentStatus.CANCELLED, cancelled_at=old.starts_at - timedelta(days=1)
    )
    run, _ = campaign(app)
    assert await run(app.clinic, "limpieza") == []
