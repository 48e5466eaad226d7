"""The console's "Lista de espera": who waits for a freed time, for what, since when."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import date, time, timedelta

import pytest
from litestar.testing import AsyncTestClient

from adapters.postgres.database import Database, DatabaseOptions
from adapters.postgres.store import PostgresUnitOfWorkFactory
from application.accounts import Accounts
from domain.ids import DoctorId, PatientAddress
from domain.staff import Role
from domain.waitlist import WaitlistEntry, Want
from domain.when import DayPart
from entrypoints.container import Container
from entrypoints.web import create_app
from tests.integration.staff.test_console_pages import sign_in
from tests.integration.staff.world import NOW, OTRA, SONRISA, Client

pytestmark = pytest.mark.integration

TUESDAY = date(2026, 12, 1)


@pytest.fixture
async def browser(container: Container) -> AsyncIterator[Client]:
    async with AsyncTestClient(app=create_app(container), base_url="https://clinica.test") as client:
        yield client


async def waiting(database_url: str) -> None:
    database = Database(DatabaseOptions(database_url))
    await database.start()
    try:
        doctor = SONRISA.doctors[0]
        async with PostgresUnitOfWorkFactory(database)() as uow:
            for n, (name, want) in enumerate(
                [
                    ("Ana López", Want(TUESDAY, at=time(16), doctor_id=DoctorId(doctor.id))),
                    ("Beto Rojas", Want(TUESDAY + timedelta(days=1), part=DayPart.MORNING)),
                ]
            ):
                patient = PatientAddress(f"5691111000{n}")
                at = NOW - timedelta(minutes=30 - n)
                await uow.waitlist.add(WaitlistEntry(str(uuid.uuid4()), SONRISA.id, patient, name, want, at))
            other = Want(TUESDAY)
            at = NOW - timedelta(minutes=40)
            stranger = PatientAddress("56922220000")
            await uow.waitlist.add(
                WaitlistEntry(str(uuid.uuid4()), OTRA.id, stranger, "Otra Persona", other, at)
            )
            await uow.commit()
    finally:
        await database.stop()


async def test_the_waitlist_page_lists_the_clinics_waiting_patients_in_order(
    browser: Client, accounts: Accounts, database_url: str
) -> None:
    await waiting(database_url)
    await sign_in(browser, accounts, SONRISA, Role.RECEPTION)
    page = await browser.get("/console/lista-espera")
    assert page.status_code == 200, page.text
    text = page.text
    assert "<h1>Lista de espera</h1>" in text
    assert 'aria-current="page">Lista de espera</a>' in text
    assert text.index("Ana López") < text.index("Beto Rojas")  # first come first
    assert "Martes 01/12, 16:00" in text
    assert "Miércoles 02/12, en la mañana" in text
    assert SONRISA.doctors[0].name in text
    assert "Cualquiera" in text
    assert "En espera desde 30/11 08:30" in text
    assert "Otra Persona" not in text  # another clinic's
