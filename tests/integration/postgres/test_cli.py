"""The documented path: `DATABASE_URL=... clinicflow migrate`, `clinic load`, then `serve` or `chat`."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import asyncpg
import httpx
import pytest

from adapters.clinic_config.toml_file import load_demo_clinic, parse_clinic
from tests import meta_payloads as meta
from tests.integration.serving import clean_env, clinicflow, free_port, running_server

pytestmark = pytest.mark.integration

SECRET = "pg-serve-secret"
PHONE_NUMBER_ID = "100000000000001"  # the demo clinic's
PATIENT = "56911112222"


def fetch(url: str, query: str, *args: object) -> list[asyncpg.Record]:
    """Look into the database from a plain test (the app under test runs in its own process)."""

    async def run() -> list[asyncpg.Record]:
        connection = await asyncpg.connect(url)
        try:
            return await connection.fetch(query, *args)
        finally:
            await connection.close()

    return asyncio.run(run())


def _session_row(url: str) -> list[asyncpg.Record]:
    return fetch(url, "SELECT current_state, version FROM chat_sessions WHERE address = $1", PATIENT)


def test_migrate_load_and_serve_run_the_bot_on_postgres(empty_database_url: str) -> None:
    env = clean_env(DATABASE_URL=empty_database_url, META_APP_SECRET=SECRET, META_VERIFY_TOKEN="v")
    migrated = clinicflow("migrate", env=env)
    assert migrated.returncode == 0, migrated.stderr
    assert "applied 0001_initial" in migrated.stdout
    loaded = clinicflow("clinic", "load", "--demo", env=env)
    assert loaded.returncode == 0, loaded.stderr
    assert "created clinic sonrisa" in loaded.stdout
    assert "updated clinic sonrisa" in clinicflow("clinic", "load", "--demo", env=env).stdout

    body = meta.encode(
        meta.text_delivery(PHONE_NUMBER_ID, PATIENT, "wamid.pg1", "Hola, quiero agendar una cita", 1)
    )
    with running_server(env) as server:
        assert httpx.get(f"{server}/ready").text == "ready"
        url = f"{server}/webhooks/whatsapp"
        assert httpx.post(url, content=body, headers=meta.signed_headers(SECRET, body)).status_code == 200
        first = _session_row(empty_database_url)
        deadline = time.monotonic() + 10
        while not first and time.monotonic() < deadline:  # the turn runs after the 200
            time.sleep(0.05)
            first = _session_row(empty_database_url)
        # Meta redelivers: the inbound log remembers the id, so nothing changes the second time.
        assert httpx.post(url, content=body, headers=meta.signed_headers(SECRET, body)).status_code == 200
        time.sleep(0.5)  # time enough for a (wrong) second turn to show
        again = _session_row(empty_database_url)
    assert [row["current_state"] for row in first] == ["COLLECTING_DATE"]
    assert again == first


def test_serve_refuses_a_database_that_was_not_migrated(empty_database_url: str) -> None:
    env = clean_env(DATABASE_URL=empty_database_url, META_APP_SECRET=SECRET, META_VERIFY_TOKEN="v")
    done = clinicflow("serve", "--port", str(free_port()), env=env)
    assert done.returncode == 2
    assert "run `clinicflow migrate`" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_unreachable_database_is_one_line_without_the_password() -> None:
    url = f"postgresql://clinic:s3cr3t-pw@127.0.0.1:{free_port()}/clinicflow"
    done = clinicflow("migrate", env=clean_env(DATABASE_URL=url))
    assert done.returncode == 2
    assert done.stderr.startswith("clinicflow: cannot connect to 127.0.0.1:")
    assert "s3cr3t-pw" not in done.stderr
    assert "Traceback" not in done.stderr


def test_commands_that_need_a_database_say_which_variable() -> None:
    done = clinicflow("migrate", env=clean_env())
    assert done.returncode == 2
    assert "DATABASE_URL must be set" in done.stderr
    bad = clinicflow("migrate", env=clean_env(DATABASE_URL="mysql://x"))
    assert "DATABASE_URL: must start with postgresql://" in bad.stderr


def test_chat_books_into_postgres_and_a_second_chat_sees_the_slot_taken(database_url: str) -> None:
    env = clean_env(DATABASE_URL=database_url)
    assert clinicflow("clinic", "load", "--demo", env=env).returncode == 0
    now = "2026-11-30T09:00:00-03:00"  # Monday morning in Santiago
    script = "Hola, quiero una cita con la doctora Pérez\nmañana a las 10\nAna López\nsí\n"
    booked = clinicflow("chat", "--now", now, env=env, stdin=script)
    assert booked.returncode == 0, booked.stderr
    assert "Tu cita quedó agendada" in booked.stdout

    other = clinicflow("chat", "--now", now, "--phone", "56933334444", env=env, stdin=script)
    assert other.returncode == 0, other.stderr
    assert "Tu cita quedó agendada" not in other.stdout
    # The second patient is told 10:00 is taken and offered the times around it.
    assert "a las 10:00 no hay horas disponibles" in other.stdout
    assert "09:30 Dra. Pérez" in other.stdout

    rows = fetch(database_url, "SELECT address, patient_name FROM appointments")
    assert [(r["address"], r["patient_name"]) for r in rows] == [(PATIENT, "Ana López")]


def test_chat_on_an_empty_database_says_how_to_load_a_clinic(database_url: str) -> None:
    done = clinicflow("chat", env=clean_env(DATABASE_URL=database_url), stdin="hola\n")
    assert done.returncode == 2
    assert "clinicflow clinic load --demo" in done.stderr


def test_export_writes_the_clinic_as_the_file_that_loads_it_back(
    empty_database_url: str, tmp_path: Path
) -> None:
    env = clean_env(DATABASE_URL=empty_database_url)
    assert clinicflow("migrate", env=env).returncode == 0
    assert clinicflow("clinic", "load", "--demo", env=env).returncode == 0
    exported = tmp_path / "sonrisa.toml"
    done = clinicflow("clinic", "export", "sonrisa", "-o", str(exported), env=env)
    assert done.returncode == 0, done.stderr
    assert parse_clinic(exported.read_bytes()) == load_demo_clinic()
    printed = clinicflow("clinic", "export", "sonrisa", env=env)
    assert parse_clinic(printed.stdout) == load_demo_clinic()
    assert "updated clinic sonrisa" in clinicflow("clinic", "load", str(exported), env=env).stdout
    missing = clinicflow("clinic", "export", "nadie", env=env)
    assert missing.returncode == 2
    assert "no clinic 'nadie'" in missing.stderr
