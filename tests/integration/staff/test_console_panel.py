"""The console's Panel over HTTP on a real PostgreSQL: the figures in its tables are the rows
inserted, each chart is well-formed SVG that names itself, and a read-only account sees it."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta

import pytest
from litestar.testing import AsyncTestClient

from adapters.postgres.database import Database, DatabaseOptions
from adapters.postgres.model_tokens import PostgresModelTokens
from adapters.postgres.store import PostgresUnitOfWorkFactory
from application.accounts import Accounts
from domain.appointment import Appointment, BookingSource, VisitOutcome
from domain.ids import AppointmentId, DoctorId, PatientAddress
from domain.staff import Role
from entrypoints.container import Container
from entrypoints.web import create_app
from tests.integration.staff.test_console_pages import sign_in
from tests.integration.staff.world import NOW, SONRISA, Client
from tests.svg import NS, parsed

pytestmark = pytest.mark.integration

ANA = PatientAddress("56911112222")
_SECTION = re.compile(
    r'<section class="tarjeta panel-grafico" aria-labelledby="([a-z]+)-h">(.*?)</section>', re.S
)
_SVG = re.compile(r"<svg .*?</svg>", re.S)


@pytest.fixture
async def browser(container: Container) -> AsyncIterator[Client]:
    async with AsyncTestClient(app=create_app(container), base_url="https://clinica.test") as client:
        yield client


def at(day: int, hour: int) -> datetime:
    return NOW.replace(day=day, hour=hour)  # November 2026, in Santiago; NOW is Monday the 30th


async def recorded(database_url: str) -> None:
    """Three bookings by the bot and one by staff on Saturday the 28th, a no-show and a confirmed
    visit on Sunday the 29th, the day's conversations and hand-offs, and two model calls."""
    database = Database(DatabaseOptions(database_url))
    await database.start()
    try:
        units = PostgresUnitOfWorkFactory(database)
        made: list[tuple[Appointment, datetime]] = []
        for n, source in enumerate([BookingSource.WHATSAPP] * 3 + [BookingSource.STAFF]):
            starts = at(27, 9) + timedelta(hours=n)
            made.append(
                (
                    Appointment(
                        AppointmentId(str(uuid.uuid4())),
                        SONRISA.id,
                        DoctorId("perez"),
                        ANA,
                        "Ana",
                        starts,
                        starts + timedelta(minutes=30),
                        source=source,
                    ),
                    at(28, 10),
                )
            )
        missed = Appointment(
            AppointmentId(str(uuid.uuid4())),
            SONRISA.id,
            DoctorId("soto"),
            ANA,
            "Ana",
            at(29, 9),
            at(29, 9) + timedelta(minutes=30),
        )
        missed.confirm_attendance(at(29, 8))
        missed.record_visit(VisitOutcome.NO_SHOW, at(29, 12))
        made.append((missed, at(20, 10)))
        async with units() as uow:
            for appointment, _ in made:
                await uow.appointments.add(appointment)
            await uow.commit()
        async with database.pool.acquire() as connection:
            for appointment, when in made:
                await connection.execute(
                    "UPDATE appointments SET created_at = $2 WHERE id = $1", appointment.id, when
                )
            await connection.execute(
                """
                INSERT INTO conversation_events (clinic_id, day, kind)
                SELECT $1, $2, kind FROM unnest(array_fill('conversation'::text, ARRAY[8])
                                                || array_fill('handoff'::text, ARRAY[2])) AS kind
                """,
                SONRISA.id,
                date(2026, 11, 29),
            )
        tokens = PostgresModelTokens(database)
        await tokens.spend(SONRISA.id, date(2026, 11, 28), 150_000)
        await tokens.spend(SONRISA.id, date(2026, 11, 28), 150_000)
    finally:
        await database.stop()


def tables(page: str) -> dict[str, str]:
    return {key: body for key, body in _SECTION.findall(page)}


def row(label: str, *cells: str) -> str:
    return f'<tr><th scope="row">{label}</th>' + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


async def test_a_read_only_account_sees_the_figures_inserted_by_day(
    browser: Client, accounts: Accounts, database_url: str
) -> None:
    await recorded(database_url)
    await sign_in(browser, accounts, role=Role.READ_ONLY)
    page = await browser.get("/console/panel")
    assert page.status_code == 200, page.text
    assert 'aria-current="page">Panel</a>' in page.text
    found = tables(page.text)
    assert list(found) == [
        "conversaciones",
        "citas",
        "derivadas",
        "inasistencias",
        "recordatorios",
        "llamadas",
        "costo",
    ]
    assert row("sáb 28/11/2026", "3", "1") in found["citas"]
    assert row("dom 29/11/2026", "8") in found["conversaciones"]
    assert row("dom 29/11/2026", "2", "25 %") in found["derivadas"]
    assert row("sáb 28/11/2026", "0", "—") in found["derivadas"], "no conversations, no share"
    assert row("dom 29/11/2026", "1") in found["inasistencias"]
    assert row("dom 29/11/2026", "1") in found["recordatorios"]
    assert row("sáb 28/11/2026", "2", "300000") in found["llamadas"]
    assert row("sáb 28/11/2026", "US$ 0.30", "3", "US$ 0.10") in found["costo"]
    assert row("Total", "4", "1") in found["citas"]
    assert page.text.count(row("lun 02/11/2026", "0")) >= 1, "thirty days: from the 1st (Sunday) on"
    for key, body in found.items():
        [svg] = _SVG.findall(body)
        drawn = parsed(svg)
        assert drawn.get("role") == "img"
        assert drawn.get("aria-labelledby") == f"{key}-titulo"
        assert drawn.get("aria-describedby") == f"{key}-desc"
        assert drawn.find(f"{NS}title") is not None


async def test_by_week_the_days_fold_into_their_monday(
    browser: Client, accounts: Accounts, database_url: str
) -> None:
    await recorded(database_url)
    await sign_in(browser, accounts, role=Role.READ_ONLY)
    page = await browser.get("/console/panel", params={"por": "semana"})
    assert page.status_code == 200
    found = tables(page.text)
    assert row("Semana del 23/11/2026", "3", "1") in found["citas"]
    assert row("Semana del 23/11/2026", "2", "25 %") in found["derivadas"]
    assert row("Semana del 30/11/2026", "0", "0") in found["citas"]
    assert found["citas"].count('<tr><th scope="row">Semana del') == 12
    for body in found.values():
        parsed(_SVG.findall(body)[0])
    refused = await browser.get("/console/panel", params={"por": "año"})
    assert refused.status_code == 400
