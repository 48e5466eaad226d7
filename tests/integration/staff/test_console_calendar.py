"""The console's calendar over HTTPS on a real PostgreSQL: the week of the clinic or of one doctor
shows appointments by service, free times and held times; the day shows every doctor; an
appointment moved or cancelled from it tells the patient (the message waits in the outbox), a
reception account may do so and a read-only one may only look. The staff API moves too."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import pytest
from litestar.testing import AsyncTestClient

from adapters.postgres.database import Database
from adapters.postgres.store import PostgresUnitOfWorkFactory
from application.accounts import Accounts
from application.staff import StaffAccess
from domain.availability import Slot
from domain.holds import Hold
from domain.ids import DoctorId, PatientAddress
from domain.staff import Role
from entrypoints.container import Container
from entrypoints.web import create_app
from tests.integration.staff.test_console_pages import form_token, sign_in
from tests.integration.staff.world import ANA, BETO, NOW, SONRISA, Client, key_of

pytestmark = pytest.mark.integration

TUESDAY_10 = datetime(2026, 12, 1, 10, 0, tzinfo=NOW.tzinfo)
TUESDAY_16 = TUESDAY_10.replace(hour=16)


@pytest.fixture
async def browser(container: Container) -> AsyncIterator[Client]:
    async with AsyncTestClient(app=create_app(container), base_url="https://clinica.test") as client:
        yield client


async def _book(client: Client, access: StaffAccess, patient: str, name: str, service: str) -> str:
    new = {
        "doctor_id": "perez",
        "starts_at": TUESDAY_10.isoformat(),
        "patient": patient,
        "patient_name": name,
        "service_id": service,
    }
    booked = await client.post("/api/v1/appointments", json=new, headers=await key_of(access, SONRISA))
    assert booked.status_code == 201, booked.text
    return str(booked.json()["id"])


async def _told(database: Database, patient: str) -> list[str]:
    async with database.pool.acquire() as connection:
        rows = await connection.fetch("SELECT message FROM outbox WHERE address = $1 ORDER BY id", patient)
    return [str(r["message"]) for r in rows]


async def test_the_week_shows_appointments_by_service_free_times_and_holds(
    browser: Client, accounts: Accounts, access: StaffAccess, database: Database
) -> None:
    await _book(browser, access, ANA, "Ana Díaz", "limpieza")
    async with PostgresUnitOfWorkFactory(database)() as uow:  # Beto confirms 16:00 by chat
        slot = Slot(TUESDAY_16, TUESDAY_16 + timedelta(minutes=30), DoctorId("perez"))
        assert await uow.holds.hold(Hold.of(SONRISA.id, slot, PatientAddress(BETO), NOW), NOW)
        await uow.commit()
    await sign_in(browser, accounts, role=Role.READ_ONLY)

    week = await browser.get("/console/calendario?semana=2026-12-02&medico=perez")
    assert week.status_code == 200, week.text
    page = week.text
    assert "Semana del 30/11 al 06/12/2026" in page
    assert 'aria-current="date"' in page
    assert "Hoy, lunes 30/11" in page
    tuesday = page[page.index("Martes 01/12") : page.index("Miércoles 02/12")]
    assert re.search(
        r"10:00</time>–<time>11:00</time></span>\s*<strong class=\"que\">Limpieza dental", tuesday
    )
    assert "Ana Díaz" in tuesday
    assert "Retenida" in tuesday
    assert "16:00</time>–<time>16:30" in tuesday
    assert "Libre" in tuesday
    assert "09:00</time>–<time>10:00" in tuesday
    assert "?semana=2026-11-23&amp;medico=perez" in page
    assert "?semana=2026-12-07&amp;medico=perez" in page
    assert "Anular" not in page  # a read-only account only looks

    day = await browser.get("/console/calendario/dia?fecha=2026-12-01")
    assert day.status_code == 200
    for doctor in SONRISA.doctors:
        assert doctor.name in day.text
    assert "Ana Díaz" in day.text
    assert "Cambiar hora" not in day.text


async def test_reception_moves_and_cancels_from_the_calendar_and_the_patient_is_told(
    browser: Client, accounts: Accounts, access: StaffAccess, database: Database
) -> None:
    appointment = await _book(browser, access, ANA, "Ana Díaz", "evaluacion")
    await sign_in(browser, accounts)
    day = await browser.get("/console/calendario/dia?fecha=2026-12-01")
    assert "Cambiar hora" in day.text

    page = await browser.get(f"/console/calendario/citas/{appointment}")
    assert page.status_code == 200
    chosen = "2026-12-01T19:00:00+00:00|perez"  # 16:00 in Santiago
    assert f'value="{chosen}"' in page.text
    token = await form_token(browser, f"/console/calendario/citas/{appointment}")
    moved = await browser.post(
        f"/console/calendario/citas/{appointment}/mover",
        data={"hora": chosen, "_csrf_token": token, "back": "/console/calendario?semana=2026-12-01"},
    )
    assert moved.status_code == 200, moved.text
    assert "cambiada a mar 01/12 16:00" in moved.text
    assert any(
        "cambió tu cita: ahora es mañana martes 1 de diciembre a las 16:00" in m
        for m in await _told(database, ANA)
    )
    listed = await browser.get(
        "/api/v1/appointments?day=2026-12-01&days=1", headers=await key_of(access, SONRISA)
    )
    assert [a["starts_at"] for a in listed.json()] == ["2026-12-01T16:00:00-03:00"]

    taken = await _book(browser, access, BETO, "Beto Soto", "evaluacion")  # 10:00 is free again
    token = await form_token(browser, f"/console/calendario/citas/{appointment}")
    refused = await browser.post(
        f"/console/calendario/citas/{appointment}/mover",
        data={"hora": "2026-12-01T13:00:00+00:00|perez", "_csrf_token": token},
    )
    assert refused.status_code == 409
    assert "Esa hora no está libre." in refused.text
    assert taken

    confirm = await browser.get(f"/console/calendario/citas/{appointment}/anular")
    assert "¿Anular la cita de Ana Díaz?" in confirm.text
    token = await form_token(browser, f"/console/calendario/citas/{appointment}/anular")
    cancelled = await browser.post(
        f"/console/appointments/{appointment}/cancel",
        data={"_csrf_token": token, "back": "/console/calendario/dia?fecha=2026-12-01"},
    )
    assert cancelled.status_code == 200
    assert "Cita anulada" in cancelled.text
    assert any("canceló tu cita" in m for m in await _told(database, ANA))


async def test_a_read_only_account_cannot_move_or_cancel(
    browser: Client, accounts: Accounts, access: StaffAccess
) -> None:
    appointment = await _book(browser, access, ANA, "Ana Díaz", "evaluacion")
    await sign_in(browser, accounts, role=Role.READ_ONLY)
    page = await browser.get(f"/console/calendario/citas/{appointment}")
    assert page.status_code == 200
    assert "Nueva hora" not in page.text
    assert (await browser.get(f"/console/calendario/citas/{appointment}/anular")).status_code == 403
    token = await form_token(browser, "/console/calendario")
    moved = await browser.post(
        f"/console/calendario/citas/{appointment}/mover",
        data={"hora": "2026-12-01T19:00:00+00:00|perez", "_csrf_token": token},
        follow_redirects=False,
    )
    assert moved.status_code == 403


async def test_the_staff_api_moves_an_appointment_and_refuses_a_taken_time(
    browser: Client, access: StaffAccess, database: Database
) -> None:
    headers = await key_of(access, SONRISA)
    appointment = await _book(browser, access, ANA, "Ana", "evaluacion")
    moved = await browser.post(
        f"/api/v1/appointments/{appointment}/move",
        json={"starts_at": TUESDAY_16.isoformat()},
        headers=headers,
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["starts_at"] == "2026-12-01T16:00:00-03:00"
    await _book(browser, access, BETO, "Beto", "evaluacion")
    back = await browser.post(
        f"/api/v1/appointments/{appointment}/move",
        json={"starts_at": TUESDAY_10.isoformat()},
        headers=headers,
    )
    assert back.status_code == 409
    assert "not a free time" in back.json()["error"]
    reader = await key_of(access, SONRISA, Role.READ_ONLY)
    forbidden = await browser.post(
        f"/api/v1/appointments/{appointment}/move", json={"starts_at": TUESDAY_10.isoformat()}, headers=reader
    )
    assert forbidden.status_code == 403
    assert any("cambió tu cita" in m for m in await _told(database, ANA))
