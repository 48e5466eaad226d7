"""Recall campaigns on a real server: who is invited back, and never twice in one cycle."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from adapters.postgres.clinics import PostgresClinicDirectory
from adapters.postgres.database import Database
from adapters.postgres.recalls import PostgresRecallLog
from adapters.postgres.store import PostgresUnitOfWorkFactory
from application.ports import RecallCandidate, RecallLog
from domain.appointment import Appointment, AppointmentStatus
from domain.clinic import Clinic
from domain.consent import Consent
from domain.ids import AppointmentId, DoctorId, PatientAddress
from domain.outreach import RecallCampaign, RecallSettings
from domain.patient import Patient
from tests.factories import clinic, doctor

pytestmark = pytest.mark.integration

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)  # six months back: 1 June 2026, 12:00
MARCH = datetime(2026, 3, 2, 13, 0, tzinfo=UTC)
# The doctors' specialty is "Odontología general": the campaign names it in another case.
CLEANING = RecallCampaign("limpieza", "odontología GENERAL", 6, "recall_limpieza")
PEREZ, SOTO = DoctorId("perez"), DoctorId("soto")


def _patient(n: int) -> PatientAddress:
    return PatientAddress(f"5691111{n:04d}")


@pytest.fixture
async def sonrisa(database: Database) -> Clinic:
    demo = replace(
        clinic(doctor("perez"), doctor("soto", specialty="Ortodoncia")),
        recalls=RecallSettings(campaigns=(CLEANING,)),
    )
    await PostgresClinicDirectory(database).put(demo)
    return demo


@pytest.fixture
def log(database: Database) -> PostgresRecallLog:
    return PostgresRecallLog(database)


async def _visit(
    units: PostgresUnitOfWorkFactory,
    sonrisa: Clinic,
    who: PatientAddress,
    starts_at: datetime,
    *,
    doctor_id: DoctorId = PEREZ,
    cancelled: bool = False,
    name: str = "Ana López",
    consented: bool = True,
) -> Appointment:
    service = "Ortodoncia" if doctor_id == SOTO else "Odontología general"
    appointment = Appointment(
        AppointmentId(str(uuid.uuid4())),
        sonrisa.id,
        doctor_id,
        who,
        name,
        starts_at,
        starts_at + timedelta(minutes=30),
        status=AppointmentStatus.CANCELLED if cancelled else AppointmentStatus.BOOKED,
        cancelled_at=starts_at - timedelta(days=1) if cancelled else None,
        service=service,
    )
    async with units() as uow:
        await uow.appointments.add(appointment)
        if consented:  # recalls go only to patients who accept the notice in force (issue 24)
            version = sonrisa.privacy.notice.version
            await uow.consents.record(Consent(sonrisa.id, who, version, True, starts_at))
        await uow.commit()
    return appointment


async def _save(units: PostgresUnitOfWorkFactory, patient: Patient) -> None:
    async with units() as uow:
        await uow.patients.save(patient)
        await uow.commit()


async def test_candidates_follow_every_rule_of_the_campaign(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory, log: PostgresRecallLog
) -> None:
    old, recent, other_service, coming_back, opted_out, snoozed, only_cancelled, hugo = (
        _patient(n) for n in range(8)
    )
    await _visit(units, sonrisa, old, MARCH - timedelta(days=180), name="Ana antes")
    await _visit(units, sonrisa, old, MARCH, name="Ana López")  # her last visit is this one
    await _visit(units, sonrisa, recent, datetime(2026, 10, 1, 13, tzinfo=UTC))
    await _visit(units, sonrisa, recent, MARCH - timedelta(days=1))
    await _visit(units, sonrisa, other_service, MARCH, doctor_id=SOTO)
    await _visit(units, sonrisa, coming_back, MARCH + timedelta(hours=1))
    await _visit(units, sonrisa, coming_back, NOW + timedelta(days=30), doctor_id=SOTO)  # any service
    await _visit(units, sonrisa, opted_out, MARCH + timedelta(hours=2))
    await _save(units, Patient(sonrisa.id, opted_out, opted_out_at=NOW - timedelta(days=60)))
    await _visit(units, sonrisa, snoozed, MARCH + timedelta(hours=3), name="Fer Soto")
    snooze_ends = NOW + timedelta(days=15)
    await _save(units, Patient(sonrisa.id, snoozed, recall_snoozed_until=snooze_ends))
    await _visit(units, sonrisa, only_cancelled, MARCH + timedelta(hours=4), cancelled=True)
    january = datetime(2026, 1, 12, 13, tzinfo=UTC)
    await _visit(units, sonrisa, hugo, january, name="Hugo Díaz")
    await _visit(units, sonrisa, hugo, datetime(2026, 10, 5, 13, tzinfo=UTC), cancelled=True)  # not a visit

    end = timedelta(minutes=30)
    assert await log.candidates(sonrisa, CLEANING, NOW) == [
        RecallCandidate(hugo, "Hugo Díaz", january + end, january + end),
        RecallCandidate(old, "Ana López", MARCH + end, MARCH + end),
    ]
    # Once the snooze has passed, the snoozed patient is due again, in a cycle of its own.
    later = snooze_ends + timedelta(days=1)
    assert [c.patient for c in await log.candidates(sonrisa, CLEANING, later)] == [hugo, old, snoozed]
    (fer,) = [c for c in await log.candidates(sonrisa, CLEANING, later) if c.patient == snoozed]
    assert fer == RecallCandidate(snoozed, "Fer Soto", MARCH + timedelta(hours=3) + end, snooze_ends)


async def test_a_patient_is_claimed_once_per_cycle(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory, log: PostgresRecallLog
) -> None:
    ana = _patient(1)
    await _visit(units, sonrisa, ana, MARCH)
    (candidate,) = await log.candidates(sonrisa, CLEANING, NOW)
    assert await log.claim(sonrisa.id, CLEANING.id, candidate, NOW)
    assert not await log.claim(sonrisa.id, CLEANING.id, candidate, NOW)
    # Being sent (or interrupted while sending): no longer a candidate.
    assert await log.candidates(sonrisa, CLEANING, NOW) == []
    # Another campaign has a record of its own.
    assert await log.claim(sonrisa.id, "otra", candidate, NOW)


async def test_concurrent_campaign_runs_claim_a_patient_once(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory, log: PostgresRecallLog
) -> None:
    await _visit(units, sonrisa, _patient(1), MARCH)
    (candidate,) = await log.candidates(sonrisa, CLEANING, NOW)
    won = await asyncio.gather(*(log.claim(sonrisa.id, CLEANING.id, candidate, NOW) for _ in range(20)))
    assert sorted(won) == [False] * 19 + [True]


async def test_a_failed_recall_may_be_claimed_again_and_a_sent_one_may_not(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory, log: PostgresRecallLog, database: Database
) -> None:
    ana = _patient(1)
    await _visit(units, sonrisa, ana, MARCH)
    (candidate,) = await log.candidates(sonrisa, CLEANING, NOW)
    assert await log.claim(sonrisa.id, CLEANING.id, candidate, NOW)
    await log.failed(sonrisa.id, CLEANING.id, candidate, "rate limited")
    assert await log.candidates(sonrisa, CLEANING, NOW) == [candidate]
    retry_at = NOW + timedelta(hours=1)
    assert await log.claim(sonrisa.id, CLEANING.id, candidate, retry_at)
    await log.sent(sonrisa.id, CLEANING.id, candidate, retry_at)
    assert await log.candidates(sonrisa, CLEANING, NOW + timedelta(days=1)) == []
    assert not await log.claim(sonrisa.id, CLEANING.id, candidate, NOW + timedelta(days=1))
    async with database.pool.acquire() as connection:
        row = await connection.fetchrow(
            "SELECT status, attempts, last_error, claimed_at, sent_at FROM recall_messages"
        )
    assert row is not None
    assert tuple(row) == ("sent", 2, "rate limited", retry_at, retry_at)


async def test_a_later_reply_after_a_recall_opens_a_new_cycle(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory, log: PostgresRecallLog
) -> None:
    ana = _patient(1)
    await _visit(units, sonrisa, ana, MARCH)
    (first,) = await log.candidates(sonrisa, CLEANING, NOW)
    assert await log.claim(sonrisa.id, CLEANING.id, first, NOW)
    await log.sent(sonrisa.id, CLEANING.id, first, NOW)
    snooze_ends = NOW + timedelta(days=30)
    await _save(units, Patient(sonrisa.id, ana, recall_snoozed_until=snooze_ends))

    assert await log.candidates(sonrisa, CLEANING, snooze_ends - timedelta(seconds=1)) == []
    (second,) = await log.candidates(sonrisa, CLEANING, snooze_ends)
    assert (second.last_visit_at, second.cycle_start) == (first.last_visit_at, snooze_ends)
    assert await log.claim(sonrisa.id, CLEANING.id, second, snooze_ends)


async def test_the_adapter_implements_the_port(database: Database) -> None:
    port: RecallLog = PostgresRecallLog(database)  # checked by mypy
    assert port is not None


async def test_only_patients_who_accept_the_notice_in_force_are_recalled(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory, log: PostgresRecallLog
) -> None:
    accepted, never_asked, declined, withdrew, older_notice = (_patient(n) for n in range(5))
    await _visit(units, sonrisa, accepted, MARCH)
    for hour, who in enumerate((never_asked, declined, withdrew, older_notice), start=1):
        await _visit(units, sonrisa, who, MARCH + timedelta(hours=hour), consented=False)
    version = sonrisa.privacy.notice.version
    async with units() as uow:
        await uow.consents.record(Consent(sonrisa.id, declined, version, False, MARCH))
        await uow.consents.record(Consent(sonrisa.id, withdrew, version, True, MARCH))
        await uow.consents.record(Consent(sonrisa.id, withdrew, version, False, MARCH + timedelta(days=1)))
        await uow.consents.record(Consent(sonrisa.id, older_notice, "0", True, MARCH))
        await uow.commit()
    assert [c.patient for c in await log.candidates(sonrisa, CLEANING, NOW)] == [accepted]
