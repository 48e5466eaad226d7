"""The register of patients' requests on a real PostgreSQL (issue 24): pending by clinic and by
deadline, answered once, and what the worker finds about to fall due."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from adapters.postgres.store import PostgresUnitOfWorkFactory
from application.privacy_register import new_request
from domain.clinic import Clinic
from domain.ids import PatientAddress
from domain.privacy_requests import Channel, Right

pytestmark = pytest.mark.integration

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("America/Santiago"))
ANA = PatientAddress("56911112222")


async def test_pending_requests_are_listed_by_deadline_answered_once_and_found_when_due(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory
) -> None:
    erasure = new_request(sonrisa, Right.ERASURE, Channel.API, "a" * 32, NOW, address=ANA)
    later = new_request(sonrisa, Right.ACCESS, Channel.API, "b" * 32, NOW + timedelta(days=7))
    done = new_request(sonrisa, Right.ACCESS, Channel.WHATSAPP, "c" * 32, NOW, answered=True)
    async with units() as uow:
        for request in (later, erasure, done):
            await uow.privacy_requests.add(request)
        await uow.commit()

    async with units() as uow:
        assert [r.id for r in await uow.privacy_requests.pending(sonrisa.id)] == [erasure.id, later.id]
        [found] = await uow.privacy_requests.pending(sonrisa.id, limit=1)
        assert found == erasure
        assert [r.id for r in await uow.privacy_requests.due_by(date(2026, 12, 21))] == [erasure.id]
        first = await uow.privacy_requests.answer(sonrisa.id, erasure.id, NOW + timedelta(days=1))
        again = await uow.privacy_requests.answer(sonrisa.id, erasure.id, NOW + timedelta(days=2))
        assert first is not None
        assert again is not None
        assert again.answered_at == first.answered_at == NOW + timedelta(days=1)
        assert await uow.privacy_requests.answer(sonrisa.id, "not-a-uuid", NOW) is None
        await uow.commit()

    async with units() as uow:
        assert [r.id for r in await uow.privacy_requests.pending(sonrisa.id)] == [later.id]
