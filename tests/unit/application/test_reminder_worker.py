"""SendDueReminders on in-memory adapters: on time, once, never stale, retried, and handed back on stop."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from adapters.memory.clinics import InMemoryClinicDirectory
from adapters.memory.reminder_jobs import InMemoryReminderJobs
from adapters.memory.store import InMemoryOtherAddresses, JobStatus
from application.messages import TemplateReply, choices_of
from application.ports import DeliveryFailed
from application.send_reminders import REMINDER_BACKOFF, BatchReport, RetryPolicy, SendDueReminders
from domain.ids import AddressKind, PatientAddress
from domain.understanding import Intent, Understanding
from tests.unit.application.conftest import ANA, FakeApp, FlakySender, RateLimited, Refused
from tests.unit.application.test_managing_appointments import book


def worker(app: FakeApp, *refusals: DeliveryFailed) -> SendDueReminders:
    return SendDueReminders(
        jobs=InMemoryReminderJobs(app.uow.store),
        clinics=InMemoryClinicDirectory([app.clinic]),
        sender=FlakySender(app.sender, list(refusals)),
        clock=app.clock,
        retry=RetryPolicy(max_attempts=3, backoff=REMINDER_BACKOFF.starting_at(timedelta(minutes=1))),
        addresses=InMemoryOtherAddresses(app.uow.store),
    )


def templates(app: FakeApp) -> list[TemplateReply]:
    return [s.message for s in app.sender.sent if isinstance(s.message, TemplateReply)]


async def test_each_reminder_goes_out_on_time_and_once(app: FakeApp) -> None:
    appointment = await book(app)
    send = worker(app)
    app.clock.set(appointment.starts_at - timedelta(hours=24, minutes=1))
    assert await send() == BatchReport()
    app.clock.set(appointment.starts_at - timedelta(hours=24))
    assert await send() == BatchReport(sent=1)
    assert await send() == BatchReport()
    [day_before] = templates(app)
    assert day_before.name == "recordatorio_cita"
    assert day_before.quick_reply_payloads[0] == f"APPT_ATTEND:{appointment.id}"
    app.clock.set(appointment.starts_at - timedelta(minutes=59))
    assert await send() == BatchReport(sent=1)
    assert len(templates(app)) == 2
    assert {job.status for job in app.uow.store.jobs.values()} == {JobStatus.SENT}


async def test_a_cancelled_appointment_gets_no_reminder(app: FakeApp) -> None:
    appointment = await book(app)
    await app.press(f"APPT_CANCEL:{appointment.id}")
    app.clock.set(appointment.starts_at - timedelta(minutes=30))
    assert await worker(app)() == BatchReport()
    assert templates(app) == []


async def test_a_moved_appointment_is_reminded_at_its_new_time_only(app: FakeApp) -> None:
    appointment = await book(app)
    await app.press(f"APPT_MOVE:{appointment.id}")
    [offer] = await app.press("DAY:2026-12-04")
    await app.press(next(i for i, t in choices_of(offer) if t.startswith("10:00")))
    await app.press("CONFIRM_BOOKING")
    [moved] = app.appointments()
    send = worker(app)
    app.clock.set(appointment.starts_at - timedelta(minutes=30))  # the old time's 1-hour reminder
    assert await send() == BatchReport()
    app.clock.set(moved.starts_at - timedelta(hours=24))
    assert await send() == BatchReport(sent=1)
    assert "viernes 4 de diciembre" in templates(app)[0].body_parameters[1]


async def test_a_stale_job_is_skipped_even_if_it_survived(app: FakeApp) -> None:
    """Belt and braces: a job whose due time no longer matches its appointment is never sent."""
    appointment = await book(app)
    stored = app.uow.store.appointments[appointment.id]
    app.uow.store.appointments[appointment.id] = replace(
        stored, starts_at=stored.starts_at + timedelta(days=1), ends_at=stored.ends_at + timedelta(days=1)
    )
    app.clock.set(appointment.starts_at - timedelta(hours=1))
    assert await worker(app)() == BatchReport(skipped=2)
    assert templates(app) == []


async def test_a_reminder_late_by_more_than_half_its_lead_is_skipped(app: FakeApp) -> None:
    appointment = await book(app)
    app.clock.set(appointment.starts_at - timedelta(hours=2))  # the worker was down for 22 hours
    assert await worker(app)() == BatchReport(skipped=1)
    app.clock.set(appointment.starts_at - timedelta(minutes=45))
    assert await worker(app)() == BatchReport(sent=1)


async def test_meta_rate_limits_are_retried_with_backoff_then_sent(app: FakeApp) -> None:
    appointment = await book(app)
    send = worker(app, RateLimited("130429"), RateLimited("130429"))
    app.clock.set(appointment.starts_at - timedelta(hours=24))
    assert await send() == BatchReport(retried=1)
    assert await send() == BatchReport()  # not before its backoff
    app.clock.advance(timedelta(minutes=1))
    assert await send() == BatchReport(retried=1)
    app.clock.advance(timedelta(minutes=1))
    assert await send() == BatchReport()  # the second wait is twice as long
    app.clock.advance(timedelta(minutes=1))
    assert await send() == BatchReport(sent=1)
    assert len(templates(app)) == 1


async def test_a_job_that_keeps_failing_ends_failed_and_visible(app: FakeApp) -> None:
    appointment = await book(app)
    send = worker(app, *(RateLimited("130429") for _ in range(5)))
    app.clock.set(appointment.starts_at - timedelta(hours=24))
    reports = []
    for _ in range(3):
        reports.append(await send())
        app.clock.advance(timedelta(minutes=10))
    assert reports == [BatchReport(retried=1), BatchReport(retried=1), BatchReport(failed=1)]
    [failed] = [job for job in app.uow.store.jobs.values() if job.status is JobStatus.FAILED]
    assert failed.attempts == 3
    assert failed.last_error is not None
    assert "RateLimited" in failed.last_error


async def test_an_error_that_will_not_go_away_fails_at_once(app: FakeApp) -> None:
    appointment = await book(app)
    app.clock.set(appointment.starts_at - timedelta(hours=24))
    assert await worker(app, Refused("132001 template missing"))() == BatchReport(failed=1)


@pytest.mark.parametrize("stops_reminders", [False, True])
async def test_an_opted_out_patient_is_reminded_only_if_the_clinic_says_so(
    app: FakeApp, stops_reminders: bool
) -> None:
    app.clinic = replace(app.clinic, reminders=replace(app.clinic.reminders, stop_on_opt_out=stops_reminders))
    appointment = await book(app)
    app.means("BAJA", Understanding(Intent.OPT_OUT))
    await app.say("BAJA")
    app.clock.set(appointment.starts_at - timedelta(hours=24))
    report = await worker(app)()
    assert report == (BatchReport(skipped=1) if stops_reminders else BatchReport(sent=1))


async def test_stopping_hands_the_untried_jobs_back(app: FakeApp) -> None:
    first = await book(app)
    await book(app, "beto")
    app.clock.set(first.starts_at - timedelta(hours=24))
    asked = iter([False, True])
    report = await worker(app)(stopping=lambda: next(asked))
    assert report == BatchReport(sent=1, released=1)
    [untried] = [
        job
        for job in app.uow.store.jobs.values()
        if job.status is JobStatus.PENDING and job.reminder.before == timedelta(hours=24)
    ]
    assert (untried.claimed_until, untried.attempts) == (None, 0)
    assert await worker(app)() == BatchReport(sent=1)  # at once, not after a lease


async def test_a_reminder_whatsapp_refuses_at_the_number_goes_to_the_patients_user_id(app: FakeApp) -> None:
    user_id = PatientAddress("CL.13491208655302741918", AddressKind.USER_ID)
    app.uow.store.aliases[(app.clinic.id, user_id)] = ANA
    appointment = await book(app)
    app.clock.set(appointment.starts_at - timedelta(hours=24))
    assert await worker(app, Refused("the number is hidden now"))() == BatchReport(sent=1)
    assert app.sender.sent[-1].to == user_id
    assert app.sender.sent[-1].message.name == "recordatorio_cita"  # type: ignore[union-attr]


async def test_a_reminder_refused_with_no_other_address_fails(app: FakeApp) -> None:
    appointment = await book(app)
    app.clock.set(appointment.starts_at - timedelta(hours=24))
    assert await worker(app, Refused("undeliverable"))() == BatchReport(failed=1)
