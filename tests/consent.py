"""Patients who answered a clinic's privacy notice before a test starts.

Most tests are about booking, not about the notice: their patients accepted it earlier, so their
first message's replies are the booking's alone and the model may read them. First contact, the
notice and consent have their own tests (tests/unit/application/test_consent.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import asyncpg

from adapters.memory.store import InMemoryStore
from application.ports import UnitOfWorkFactory
from domain.clinic import Clinic
from domain.consent import Consent
from domain.ids import PatientAddress


def accepted(clinic: Clinic, patient: PatientAddress, at: datetime) -> Consent:
    return Consent(clinic.id, patient, clinic.privacy.notice.version, True, at)


def answered(store: InMemoryStore, clinic: Clinic, *patients: PatientAddress, at: datetime) -> None:
    """Record in an in-memory store that ``patients`` accepted the clinic's notice at ``at``."""
    store.consents.extend(accepted(clinic, patient, at) for patient in patients)


async def answered_in(
    units: UnitOfWorkFactory, clinic: Clinic, *patients: PatientAddress, at: datetime
) -> None:
    """The same through any unit of work (PostgreSQL's too)."""
    async with units() as uow:
        for patient in patients:
            await uow.consents.record(accepted(clinic, patient, at))
        await uow.commit()


async def answered_at_url(database_url: str, clinic: Clinic, patients: Sequence[str], at: datetime) -> None:
    """Record in PostgreSQL that the patients of these numbers accepted the clinic's notice at ``at``."""
    connection = await asyncpg.connect(database_url)
    try:
        await connection.executemany(
            "INSERT INTO patient_consents (clinic_id, patient_kind, patient, version, given, at, channel) "
            "VALUES ($1, 'phone', $2, $3, true, $4, 'whatsapp')",
            [(clinic.id, number, clinic.privacy.notice.version, at) for number in patients],
        )
    finally:
        await connection.close()


def answered_at_url_now(database_url: str, clinic: Clinic, patients: Sequence[str], at: datetime) -> None:
    """The same from synchronous code, even inside a running event loop (a fixture, a harness)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, answered_at_url(database_url, clinic, patients, at)).result()
