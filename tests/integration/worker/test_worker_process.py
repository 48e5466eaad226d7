"""`clinicflow worker` as a process: real PostgreSQL, fake Graph API, chosen clock.

Each worker runs with ``--now`` (time runs from a chosen moment), so reminders are due
without waiting a day, while leases still expire in real seconds.
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from adapters.clinic_config.toml_file import load_demo_clinic
from adapters.postgres.clinics import PostgresClinicDirectory
from adapters.postgres.database import Database
from adapters.postgres.inbox import PostgresInbox
from adapters.postgres.store import PostgresUnitOfWorkFactory
from application.messages import InboundMessage
from application.pseudonyms import Pseudonyms
from domain.appointment import Appointment
from domain.ids import AppointmentId, DoctorId, PatientAddress
from domain.reminder import Reminder
from tests.consent import answered_in
from tests.factories import MESSAGE_KEYS
from tests.integration.servers.fake_graph import TOKEN, Answer, FakeGraphApi, meta_error
from tests.integration.serving import TEST_HASH_KEY, clean_env, clinicflow
from tests.wamids import wamid

pytestmark = pytest.mark.integration

SANTIAGO = ZoneInfo("America/Santiago")
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=SANTIAGO)


def worker_env(database_url: str, graph: FakeGraphApi, **extra: str) -> dict[str, str]:
    return clean_env(
        DATABASE_URL=database_url,
        META_ACCESS_TOKEN=TOKEN,
        META_GRAPH_URL=graph.url,
        CLINICFLOW_WORKER_POLL_MS="100",
        **extra,
    )


def start_worker(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "entrypoints.cli", "worker", "--now", NOW.isoformat(), *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


async def wait_for(condition: Callable[[], Awaitable[bool]], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not await condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        await asyncio.sleep(0.05)


def sends(graph: FakeGraphApi, count: int) -> Callable[[], Awaitable[bool]]:
    async def reached() -> bool:
        return len(graph.sent) >= count

    return reached


async def due_reminders(database: Database, count: int) -> list[Appointment]:
    """``count`` appointments of the demo clinic, each with one reminder due a minute before NOW."""
    clinic = load_demo_clinic()
    await PostgresClinicDirectory(database).put(clinic)
    due = NOW - timedelta(minutes=1)
    made = []
    async with PostgresUnitOfWorkFactory(database)() as uow:
        for index in range(count):
            starts = NOW + timedelta(hours=1, minutes=30 * index)
            appointment = Appointment(
                AppointmentId(str(uuid.uuid4())),
                clinic.id,
                DoctorId("perez"),
                PatientAddress(f"569{index:08d}"),
                f"Paciente {index}",
                starts,
                starts + timedelta(minutes=30),
                service="Odontología general",
            )
            await uow.appointments.add(appointment)
            await uow.reminders.schedule([Reminder(appointment.id, due, starts - due)])
            made.append(appointment)
        await uow.commit()
    return made


async def statuses(database: Database) -> Counter[str]:
    async with database.pool.acquire() as connection:
        rows = await connection.fetch("SELECT status FROM reminder_jobs")
    return Counter(row["status"] for row in rows)


def recipients(graph: FakeGraphApi) -> Counter[str]:
    return Counter(body["to"] for body in graph.sent if body.get("type") == "template")


async def test_two_workers_send_200_due_reminders_each_exactly_once(
    database: Database, database_url: str, graph: FakeGraphApi
) -> None:
    appointments = await due_reminders(database, 200)
    env = worker_env(database_url, graph)
    workers = [start_worker(env, "--once") for _ in range(2)]
    for worker in workers:
        _, errors = worker.communicate(timeout=120)
        assert worker.returncode == 0, errors
    sent = recipients(graph)
    assert sorted(sent) == sorted(f"+{a.patient.value}" for a in appointments)
    assert set(sent.values()) == {1}
    assert await statuses(database) == Counter({"sent": 200})
    template = next(body for body in graph.sent if body.get("type") == "template")["template"]
    assert template["name"] == "recordatorio_cita"
    assert template["language"]["code"] == "es"


async def test_a_job_claimed_by_a_killed_worker_is_sent_after_its_lease(
    database: Database, database_url: str, graph: FakeGraphApi
) -> None:
    [appointment] = await due_reminders(database, 1)
    env = worker_env(database_url, graph, CLINICFLOW_REMINDER_LEASE_SECONDS="3")
    graph.answer(Answer(delay_seconds=5))  # the first worker hangs in its send...
    doomed = start_worker(env)
    await wait_for(sends(graph, 1))
    doomed.send_signal(signal.SIGKILL)  # ...and dies holding the claim
    doomed.wait(timeout=10)
    assert await statuses(database) == Counter({"pending": 1})
    claimed_at = time.monotonic()
    survivor = start_worker(env)
    try:
        await wait_for(sends(graph, 2))
        assert time.monotonic() - claimed_at > 1  # not before the lease ran out

        async def sent() -> bool:
            return await statuses(database) == Counter({"sent": 1})

        await wait_for(sent)
    finally:
        survivor.send_signal(signal.SIGTERM)
        survivor.wait(timeout=30)
    assert survivor.returncode == 0
    assert recipients(graph) == Counter({f"+{appointment.patient.value}": 2})


async def test_sigterm_finishes_the_send_in_flight_and_hands_back_the_rest(
    database: Database, database_url: str, graph: FakeGraphApi
) -> None:
    await due_reminders(database, 10)
    graph.answer(Answer(delay_seconds=1.5))
    worker = start_worker(worker_env(database_url, graph))
    await wait_for(sends(graph, 1))
    worker.send_signal(signal.SIGTERM)
    _, errors = worker.communicate(timeout=30)
    assert worker.returncode == 0, errors
    assert "hand" in errors  # it said it handed jobs back
    assert await statuses(database) == Counter({"sent": 1, "pending": 9})
    async with database.pool.acquire() as connection:
        rows = await connection.fetch(
            "SELECT claimed_until, attempts FROM reminder_jobs WHERE status = 'pending'"
        )
    assert {(row["claimed_until"], row["attempts"]) for row in rows} == {(None, 0)}


async def test_a_template_meta_refuses_ends_failed_and_the_operator_sees_it(
    database: Database, database_url: str, graph: FakeGraphApi
) -> None:
    await due_reminders(database, 1)
    graph.answer(meta_error(132001, "Template name does not exist in the translation"))
    env = worker_env(database_url, graph)
    worker = start_worker(env, "--once")
    _, errors = worker.communicate(timeout=60)
    assert worker.returncode == 0, errors
    assert await statuses(database) == Counter({"failed": 1})
    report = clinicflow("reminders", env=env)
    assert report.returncode == 0, report.stderr
    assert "1 failed" in report.stdout
    assert "132001" in report.stdout or "TemplateRejected" in report.stdout


def test_the_worker_refuses_to_run_without_a_database() -> None:
    result = clinicflow("worker", "--once", env=clean_env())
    assert result.returncode == 2
    assert "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


async def test_a_message_a_crashed_server_accepted_is_answered_by_the_worker(
    database: Database, database_url: str, graph: FakeGraphApi
) -> None:
    clinic = load_demo_clinic()
    await PostgresClinicDirectory(database).put(clinic)
    await answered_in(PostgresUnitOfWorkFactory(database), clinic, PatientAddress("56911112222"), at=NOW)
    said = InboundMessage.text_message(
        "wamid.orphan", clinic.id, PatientAddress("56911112222"), NOW, "Quiero agendar una cita"
    )
    # The server recorded it, answered Meta 200, and died before its turn ran.
    await PostgresInbox(database, MESSAGE_KEYS).accept([said], NOW - timedelta(minutes=1))
    worker = start_worker(worker_env(database_url, graph), "--once")
    _, errors = worker.communicate(timeout=60)
    assert worker.returncode == 0, errors
    [reply] = graph.sent
    assert reply["to"] == "+56911112222"
    assert "¿Para qué día" in reply["interactive"]["body"]["text"]
    async with database.pool.acquire() as connection:
        status = await connection.fetchval("SELECT status FROM inbound_messages")
        sent = await connection.fetchval("SELECT status FROM outbox")
    assert (status, sent) == ("handled", "sent")


async def test_the_worker_replaces_message_ids_kept_from_before_0025_by_their_keyed_hashes(
    database: Database, database_url: str, graph: FakeGraphApi
) -> None:
    clinic = load_demo_clinic()
    await PostgresClinicDirectory(database).put(clinic)
    handled_id, sent_id = wamid("56911112222"), wamid("56911112222")
    async with database.pool.acquire() as connection:
        # As 0025 leaves a row written before it: the raw id in message_id and, as its mark, in wamid.
        await connection.execute(
            "INSERT INTO inbound_messages (message_id, wamid, clinic_id, status)"
            " VALUES ($1, $1, $2, 'handled')",
            handled_id, clinic.id,
        )  # fmt: skip
        await connection.execute(
            "INSERT INTO outbound_messages (message_id, clinic_id, address_kind, address, kind)"
            " VALUES ($1, $2, 'phone', '56911112222', 'text')",
            sent_id, clinic.id,
        )  # fmt: skip
    worker = start_worker(worker_env(database_url, graph, CLINICFLOW_HASH_KEY=TEST_HASH_KEY), "--once")
    _, errors = worker.communicate(timeout=60)
    assert worker.returncode == 0, errors
    names = Pseudonyms(TEST_HASH_KEY.encode())
    async with database.pool.acquire() as connection:
        inbound = await connection.fetchrow("SELECT message_id, wamid FROM inbound_messages")
        outbound = await connection.fetchval("SELECT message_id FROM outbound_messages")
    assert inbound is not None
    assert (inbound["message_id"], inbound["wamid"]) == (names.message_key(handled_id), None)
    assert outbound == names.message_key(sent_id)
