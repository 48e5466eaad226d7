"""After the booking, as patients and the clinic live it: every process real, the clock chosen.

`clinicflow chat` books into PostgreSQL, `clinicflow worker` sends the reminder template
through a fake Graph API, `clinicflow recall` runs a campaign, and `clinicflow serve`
receives the patient's quick replies as signed webhook deliveries. Claude is configured
(against a fake Messages API), so a quick reply that reached the model would show up there.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from adapters.clinic_config.toml_file import load_demo_clinic
from adapters.postgres.clinics import PostgresClinicDirectory
from adapters.postgres.database import Database
from adapters.postgres.store import PostgresUnitOfWorkFactory
from domain.appointment import Appointment
from domain.ids import AppointmentId, DoctorId, PatientAddress
from domain.patient import Patient
from tests import meta_payloads as meta
from tests.consent import answered_in
from tests.integration.servers.fake_anthropic import API_KEY, FakeMessagesApi, fake_messages_api
from tests.integration.servers.fake_graph import TOKEN, FakeGraphApi
from tests.integration.serving import clean_env, clinicflow, running_server

pytestmark = pytest.mark.integration

SANTIAGO = ZoneInfo("America/Santiago")
SECRET = "after-booking-secret"
PHONE_NUMBER_ID = "100000000000001"  # the demo clinic's
ANA = "56911112222"
BOOKED_AT = datetime(2026, 11, 30, 9, 0, tzinfo=SANTIAGO)
VISIT = datetime(2026, 12, 1, 10, 0, tzinfo=SANTIAGO)  # "mañana a las 10", said on BOOKED_AT


@pytest.fixture
def claude() -> Iterator[FakeMessagesApi]:
    with fake_messages_api() as fake:
        yield fake


@pytest.fixture
def env(database_url: str, graph: FakeGraphApi, claude: FakeMessagesApi) -> dict[str, str]:
    return clean_env(
        DATABASE_URL=database_url,
        META_APP_SECRET=SECRET,
        META_VERIFY_TOKEN="verify",
        META_ACCESS_TOKEN=TOKEN,
        META_GRAPH_URL=graph.url,
        ANTHROPIC_API_KEY=API_KEY,
        ANTHROPIC_BASE_URL=claude.url,
        CLINICFLOW_WORKER_POLL_MS="100",
    )


@pytest.fixture
async def sonrisa(database: Database) -> None:
    demo = load_demo_clinic()
    await PostgresClinicDirectory(database).put(demo)
    # The patients of these tests accepted the privacy notice before (recalls go only to them).
    patients = [PatientAddress(ANA), *(PatientAddress(f"5699000000{n}") for n in range(6))]
    await answered_in(
        PostgresUnitOfWorkFactory(database), demo, *patients, at=datetime(2026, 1, 1, tzinfo=SANTIAGO)
    )


def tap(server: str, sender: str, payload: str, text: str, graph: FakeGraphApi) -> dict[str, Any]:
    """A patient taps a template's quick-reply button; returns the bot's answer through the Graph API."""
    before = len(graph.sent)
    body = meta.encode(
        meta.template_button_delivery(
            PHONE_NUMBER_ID, sender, f"wamid.{uuid.uuid4().hex}", payload, text, int(time.time())
        )
    )
    response = httpx.post(
        f"{server}/webhooks/whatsapp", content=body, headers=meta.signed_headers(SECRET, body), timeout=30
    )
    assert response.status_code == 200, response.text
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        # The read receipt comes first; the answer is the first real message after it.
        answers = [b for b in graph.sent[before:] if b.get("to") == f"+{sender}"]
        if answers:
            return answers[0]
        time.sleep(0.05)
    raise AssertionError(f"no answer to {payload}")


def said(message: dict[str, Any]) -> str:
    if message["type"] == "text":
        return str(message["text"]["body"])
    if message["type"] == "interactive":
        return str(message["interactive"]["body"]["text"])
    raise AssertionError(f"unexpected message type {message['type']}")


def run_worker(env: dict[str, str], now: datetime) -> None:
    done = clinicflow("worker", "--once", "--now", now.isoformat(), env=env)
    assert done.returncode == 0, done.stderr


def templates(graph: FakeGraphApi, to: str) -> list[dict[str, Any]]:
    return [b["template"] for b in graph.sent if b.get("type") == "template" and b["to"] == f"+{to}"]


def quick_replies(template: dict[str, Any]) -> list[str]:
    buttons = [c for c in template["components"] if c["type"] == "button"]
    return [str(b["parameters"][0]["payload"]) for b in sorted(buttons, key=lambda b: int(b["index"]))]


def body_parameters(template: dict[str, Any]) -> list[str]:
    [body] = [c for c in template["components"] if c["type"] == "body"]
    return [str(p["text"]) for p in body["parameters"]]


def book_in_chat(env: dict[str, str], opening: str) -> str:
    """Ana books tomorrow at 10 in `clinicflow chat` (the offline reader needs no model); its output."""
    chat = clinicflow(
        "chat",
        "--now",
        BOOKED_AT.isoformat(),
        "--phone",
        ANA,
        env={**env, "ANTHROPIC_API_KEY": ""},
        stdin=f"{opening}\nmañana a las 10\nAna López\n1\n",
    )
    assert chat.returncode == 0, chat.stderr
    return chat.stdout


async def reminder_jobs(database: Database) -> list[tuple[timedelta, str]]:
    async with database.pool.acquire() as connection:
        rows = await connection.fetch(
            "SELECT before_start, status FROM reminder_jobs ORDER BY before_start DESC, status"
        )
    return [(row["before_start"], row["status"]) for row in rows]


async def test_a_booked_visit_is_reminded_once_and_managed_from_the_reminder(
    sonrisa: None, database: Database, env: dict[str, str], graph: FakeGraphApi, claude: FakeMessagesApi
) -> None:
    assert "un día antes y una hora antes" in book_in_chat(env, "Quiero agendar una cita")
    pending = [(timedelta(hours=24), "pending"), (timedelta(hours=1), "pending")]
    assert await reminder_jobs(database) == pending

    run_worker(env, VISIT - timedelta(hours=25))  # not due yet
    assert templates(graph, ANA) == []
    # The day before: one worker run sends the day-before reminder, a second sends nothing more.
    day_before = VISIT - timedelta(hours=24) + timedelta(minutes=1)
    run_worker(env, day_before)
    run_worker(env, day_before + timedelta(minutes=5))
    [reminder] = templates(graph, ANA)
    assert reminder["name"] == "recordatorio_cita"
    assert reminder["language"]["code"] == "es"
    assert body_parameters(reminder) == [
        "Ana",
        "mañana martes 1 de diciembre",
        "10:00",
        "Dra. Camila Pérez (Evaluación dental, 30 min)",  # the service rides with the doctor
        "Av. Providencia 1234, Providencia, Santiago",
    ]
    attend, cancel, move = quick_replies(reminder)
    assert await reminder_jobs(database) == [(timedelta(hours=24), "sent"), (timedelta(hours=1), "pending")]

    with running_server(env, "--now", day_before.isoformat()) as server:
        assert "te esperamos" in said(tap(server, ANA, attend, "Asistiré", graph)).casefold()
        async with database.pool.acquire() as connection:
            confirmed = await connection.fetchval("SELECT attendance_confirmed_at FROM appointments")
        assert day_before <= confirmed < day_before + timedelta(minutes=1)  # serve's clock runs on

        answer = said(tap(server, ANA, cancel, "Cancelar", graph))
        assert "cancelé tu cita" in answer
        assert "martes 1 de diciembre" in answer
        assert move  # the third button, shown but not pressed here

    async with database.pool.acquire() as connection:
        status = await connection.fetchval("SELECT status FROM appointments")
    assert status == "cancelled"
    assert await reminder_jobs(database) == [(timedelta(hours=24), "sent"), (timedelta(hours=1), "cancelled")]
    run_worker(env, VISIT - timedelta(minutes=59))  # the hour-before reminder is not sent
    assert len(templates(graph, ANA)) == 1
    assert claude.requests == []


async def test_moving_from_the_reminder_keeps_the_doctor_and_moves_the_reminders(
    sonrisa: None, database: Database, env: dict[str, str], graph: FakeGraphApi, claude: FakeMessagesApi
) -> None:
    book_in_chat(env, "Quiero agendar una cita con la Dra. Soto")
    day_before = VISIT - timedelta(hours=23)
    run_worker(env, day_before)
    [reminder] = templates(graph, ANA)
    _, _, move = quick_replies(reminder)

    with running_server(env, "--now", day_before.isoformat()) as server:
        days = tap(server, ANA, move, "Cambiar hora", graph)
        assert "¿Para qué día" in said(days)
        day_ids = [b["reply"]["id"] for b in days["interactive"]["action"]["buttons"]]
        slots = tap(server, ANA, day_ids[-1], "otro día", graph)
        rows = [r for s in slots["interactive"]["action"]["sections"] for r in s["rows"]]
        assert {r["description"] for r in rows} == {"Dr. Andrés Soto"}
        card = tap(server, ANA, rows[0]["id"], rows[0]["title"], graph)
        assert "Cambiaremos tu cita" in said(card)
        done = said(tap(server, ANA, "CONFIRM_BOOKING", "Confirmar", graph))
        assert "Tu cita quedó para" in done

    async with database.pool.acquire() as connection:
        moved = await connection.fetchrow("SELECT doctor_id, starts_at, status FROM appointments")
    assert moved is not None
    assert moved["doctor_id"] == "soto"
    assert moved["status"] == "booked"
    assert moved["starts_at"] > VISIT
    assert await reminder_jobs(database) == [
        (timedelta(hours=24), "pending"),  # the new time's
        (timedelta(hours=24), "sent"),  # the old time's, already sent
        (timedelta(hours=1), "cancelled"),  # the old time's, never to be sent
        (timedelta(hours=1), "pending"),
    ]
    assert claude.requests == []


async def seed_visit(database: Database, who: str, name: str, ended: datetime) -> None:
    clinic = load_demo_clinic()
    async with PostgresUnitOfWorkFactory(database)() as uow:
        await uow.appointments.add(
            Appointment(
                AppointmentId(str(uuid.uuid4())),
                clinic.id,
                DoctorId("perez"),
                PatientAddress(who),
                name,
                ended - timedelta(minutes=30),
                ended,
                service="Odontología general",
            )
        )
        await uow.commit()


async def test_a_recall_campaign_from_the_cli_and_each_of_its_replies(
    sonrisa: None, database: Database, env: dict[str, str], graph: FakeGraphApi, claude: FakeMessagesApi
) -> None:
    now = datetime(2026, 12, 1, 9, 0, tzinfo=SANTIAGO)
    eight_months_ago = now - timedelta(days=240)
    stopping, later, booking, recent, coming, quiet = (f"5699000000{n}" for n in range(6))
    for hour, (who, name) in enumerate(
        ((stopping, "Sofía Díaz"), (later, "Luis Mora"), (booking, "Berta Ríos"), (coming, "Carla Vega"))
    ):
        await seed_visit(database, who, name, eight_months_ago + timedelta(hours=hour))
    await seed_visit(database, quiet, "Quique Sanz", eight_months_ago - timedelta(hours=1))
    await seed_visit(database, recent, "Rita Paz", now - timedelta(days=30))  # too recent
    async with PostgresUnitOfWorkFactory(database)() as uow:
        await uow.appointments.add(
            Appointment(
                AppointmentId(str(uuid.uuid4())),
                load_demo_clinic().id,
                DoctorId("perez"),
                PatientAddress(coming),
                "Carla Vega",
                now + timedelta(days=3),
                now + timedelta(days=3, minutes=30),
                service="Odontología general",
            )
        )  # already coming back: not recalled
        await uow.patients.save(Patient(load_demo_clinic().id, PatientAddress(quiet), opted_out_at=now))
        await uow.commit()

    first = clinicflow("recall", "sonrisa", "limpieza", "--now", now.isoformat(), env=env)
    assert first.returncode == 0, first.stderr
    assert "sonrisa/limpieza: 3 sent, 0 failed, 3 selected" in first.stdout
    for who in (stopping, later, booking):
        assert f"sent             {PatientAddress(who).masked()}" in first.stdout
        [recall] = templates(graph, who)
        assert recall["name"] == "recordatorio_control"
        assert quick_replies(recall) == ["RECALL_REPLY_BOOK", "RECALL_REPLY_LATER", "RECALL_REPLY_STOP"]
    assert all(who not in first.stdout for who in (stopping, later, booking))  # numbers are masked
    assert [templates(graph, who) for who in (recent, coming, quiet)] == [[], [], []]

    again = clinicflow("recall", "sonrisa", "limpieza", "--now", now.isoformat(), env=env)
    assert again.returncode == 0, again.stderr
    assert "sonrisa/limpieza: 0 sent, 0 failed, 0 selected" in again.stdout
    assert sum(1 for b in graph.sent if b.get("type") == "template") == 3

    with running_server(env, "--now", now.isoformat()) as server:
        assert "ALTA" in said(tap(server, stopping, "RECALL_REPLY_STOP", "No, gracias", graph))
        assert "31 de diciembre" in said(tap(server, later, "RECALL_REPLY_LATER", "Más adelante", graph))
        assert "¿Para qué día" in said(tap(server, booking, "RECALL_REPLY_BOOK", "Agendar", graph))

    async with database.pool.acquire() as connection:
        rows = await connection.fetch("SELECT address, opted_out_at, recall_snoozed_until FROM patients")
    patients = {row["address"]: (row["opted_out_at"], row["recall_snoozed_until"]) for row in rows}
    opted_out, _ = patients[stopping]
    _, snoozed_until = patients[later]
    assert now <= opted_out < now + timedelta(minutes=1)  # serve's clock runs on from --now
    assert now + timedelta(days=30) <= snoozed_until < now + timedelta(days=30, minutes=1)
    assert patients[stopping][1] is None
    assert patients[later][0] is None
    assert claude.requests == []

    # A month on, only the snoozed patient is invited again; the one who said stop never is.
    month_on = now + timedelta(days=31)
    third = clinicflow("recall", "sonrisa", "limpieza", "--now", month_on.isoformat(), env=env)
    assert third.returncode == 0, third.stderr
    assert "sonrisa/limpieza: 1 sent, 0 failed, 1 selected" in third.stdout
    assert len(templates(graph, later)) == 2
    assert len(templates(graph, stopping)) == 1
