"""Patients' answers to the privacy notice on a real server: append-only, the latest in force,
written in the turn's transaction, and following a patient who changes number."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from adapters.postgres.consents import PostgresPatientConsents
from adapters.postgres.database import Database
from adapters.postgres.store import PostgresUnitOfWorkFactory
from domain.clinic import Clinic
from domain.consent import Consent
from domain.conversation import ChatSession
from domain.ids import AddressKind, PatientAddress

pytestmark = pytest.mark.integration

AT = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
ANA = PatientAddress("56911112222")
ANA_USER_ID = PatientAddress("CL.123456", AddressKind.USER_ID)


async def test_answers_are_kept_in_order_and_the_latest_is_in_force(
    database: Database, units: PostgresUnitOfWorkFactory, sonrisa: Clinic
) -> None:
    answers = [
        Consent(sonrisa.id, ANA, "1", True, AT),
        Consent(sonrisa.id, ANA, "1", False, AT + timedelta(days=1)),
        Consent(sonrisa.id, ANA, "2", True, AT + timedelta(days=2)),
    ]
    async with units() as uow:
        assert await uow.consents.latest(sonrisa.id, ANA) is None
        for answer in answers:
            await uow.consents.record(answer)
            assert await uow.consents.latest(sonrisa.id, ANA) == answer  # the transaction reads its writes
        await uow.commit()
    async with units() as uow:
        assert await uow.consents.latest(sonrisa.id, ANA) == answers[-1]
        assert await uow.consents.latest(sonrisa.id, ANA_USER_ID) is None
    async with database.pool.acquire() as connection:
        assert await PostgresPatientConsents(connection).history(sonrisa.id, ANA) == answers


async def test_an_answer_rolled_back_with_its_turn_is_not_kept(
    units: PostgresUnitOfWorkFactory, sonrisa: Clinic
) -> None:
    async with units() as uow:
        await uow.consents.record(Consent(sonrisa.id, ANA, "1", True, AT))
    async with units() as uow:
        assert await uow.consents.latest(sonrisa.id, ANA) is None


async def test_answers_follow_a_changed_number(units: PostgresUnitOfWorkFactory, sonrisa: Clinic) -> None:
    new_number = PatientAddress("56944445555")
    async with units() as uow:
        await uow.consents.record(Consent(sonrisa.id, ANA, "1", True, AT))
        await uow.commit()
    async with units() as uow:
        await uow.patients.move(sonrisa.id, ANA, new_number)
        await uow.commit()
    async with units() as uow:
        moved = await uow.consents.latest(sonrisa.id, new_number)
        assert moved == Consent(sonrisa.id, new_number, "1", True, AT)
        assert await uow.consents.latest(sonrisa.id, ANA) is None


async def test_a_session_remembers_the_notice_it_showed(
    units: PostgresUnitOfWorkFactory, sonrisa: Clinic
) -> None:
    session = ChatSession(sonrisa.id, ANA, notice_shown="2026-12")
    async with units() as uow:
        await uow.sessions.save(session)
        await uow.commit()
    async with units() as uow:
        stored = await uow.sessions.get(sonrisa.id, ANA)
        assert stored is not None
        assert stored.notice_shown == "2026-12"
        stored.notice_shown = "2027-01"
        await uow.sessions.save(stored)
        await uow.commit()
    async with units() as uow:
        again = await uow.sessions.get(sonrisa.id, ANA)
        assert again is not None
        assert again.notice_shown == "2027-01"
