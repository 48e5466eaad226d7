"""Clinics written from their configuration and read back as the live context of a message."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from adapters.clinic_config.toml_file import load_demo_clinic
from adapters.postgres.clinics import ClinicConflict, PostgresClinicDirectory
from adapters.postgres.database import Database
from domain.clinic import Clinic
from domain.ids import ClinicId
from domain.locale import Register
from domain.outreach import RecallCampaign, RecallSettings, ReminderPolicy
from domain.privacy import DAYS_PER_YEAR, PrivacyNotice, PrivacySettings, Retention
from tests.factories import clinic, doctor, hours

pytestmark = pytest.mark.integration


async def test_a_loaded_clinic_reads_back_exactly(database: Database) -> None:
    directory = PostgresClinicDirectory(database)
    demo = load_demo_clinic()
    result = await directory.put(demo)
    assert result.created
    assert await directory.get(demo.id) == demo
    assert await directory.by_phone_number_id(demo.phone_number_id) == demo
    assert await directory.all() == [demo]
    assert await directory.get(ClinicId("nope")) is None
    assert await directory.by_phone_number_id("999") is None


async def test_every_field_survives_the_round_trip(database: Database) -> None:
    directory = PostgresClinicDirectory(database)
    night_owl = doctor(
        "luna",
        name="Dr. Luna",
        slot_minutes=45,
        weekly=hours({4: [("20:00", "02:00")], 5: [("09:00", "12:30"), ("14:00", "18:00")]}),
        days_off=frozenset({date(2026, 12, 4), date(2026, 12, 11)}),
    )
    full = replace(
        clinic(
            doctor(), night_owl, closed_on=frozenset({date(2026, 12, 25)}), blocked=frozenset({"5690000"})
        ),
        phone="+56 2 2345 6789",
        bot_enabled=False,
        locale="es-AR",
        register=Register.USTED,
    )
    await directory.put(full)
    assert await directory.get(full.id) == full


async def test_loading_again_updates_in_place_and_is_idempotent(database: Database) -> None:
    directory = PostgresClinicDirectory(database)
    demo = load_demo_clinic()
    await directory.put(demo)
    again = await directory.put(demo)
    assert not again.created
    assert again.deactivated_doctors == ()
    assert await directory.all() == [demo]

    # A doctor leaves, and with them the services only they did (the others no longer list them).
    leaving = demo.doctors[2].id
    only_theirs = tuple(s.id for s in demo.services if s.doctor_ids == (leaving,))
    assert only_theirs, "the demo clinic has a service only its third doctor does"
    renamed = replace(
        demo,
        name="Clínica Sonrisa Norte",
        doctors=demo.doctors[:2],
        services=tuple(
            replace(s, doctor_ids=tuple(d for d in s.doctor_ids if d != leaving))
            for s in demo.services
            if s.id not in only_theirs
        ),
    )
    result = await directory.put(renamed)
    assert result.deactivated_doctors == (leaving,)
    assert result.deactivated_services == only_theirs
    assert await directory.get(demo.id) == renamed
    # A doctor who comes back is active again.
    await directory.put(demo)
    assert await directory.get(demo.id) == demo


async def test_numbers_blocked_by_staff_survive_a_reload_of_the_file(database: Database) -> None:
    directory = PostgresClinicDirectory(database)
    config = clinic(blocked=frozenset({"56900000001"}))
    await directory.put(config)
    async with database.pool.acquire() as connection:
        await connection.execute(
            "INSERT INTO blocked_numbers (clinic_id, address, source) VALUES ($1, '56900000002', 'staff')",
            config.id,
        )
    await directory.put(replace(config, blocked_numbers=frozenset({"56900000003"})))
    stored = await directory.get(config.id)
    assert stored is not None
    assert stored.blocked_numbers == {"56900000002", "56900000003"}


async def test_a_phone_number_id_belongs_to_one_clinic(database: Database) -> None:
    directory = PostgresClinicDirectory(database)
    await directory.put(clinic())
    other = replace(clinic(), id=ClinicId("otra"))
    with pytest.raises(ClinicConflict, match="already belongs to another clinic"):
        await directory.put(other)
    assert await directory.get(ClinicId("otra")) is None


def _with_outreach() -> Clinic:
    return replace(
        clinic(),
        reminders=ReminderPolicy(
            offsets=(timedelta(hours=48), timedelta(minutes=90)),
            template="aviso_cita",
            language="es_CL",
            stop_on_opt_out=True,
        ),
        recalls=RecallSettings(
            campaigns=(
                RecallCampaign("limpieza", "Odontología general", 6, "recall_limpieza"),
                RecallCampaign("control", "Ortodoncia", 12, "recall_control", language="en"),
            ),
            book_id="RECALL_REPLY_SI",
            later_id="RECALL_REPLY_LUEGO",
            stop_id="RECALL_REPLY_NO",
            snooze=timedelta(days=14),
        ),
    )


async def test_reminder_policy_and_recall_settings_round_trip(database: Database) -> None:
    directory = PostgresClinicDirectory(database)
    configured = _with_outreach()
    await directory.put(configured)
    assert await directory.get(configured.id) == configured
    # Loading the file again without them puts the defaults back.
    plain = replace(configured, reminders=ReminderPolicy(), recalls=RecallSettings())
    await directory.put(plain)
    assert await directory.all() == [plain]


async def test_a_clinic_loaded_before_outreach_settings_existed_reads_the_defaults(
    database: Database,
) -> None:
    directory = PostgresClinicDirectory(database)
    configured = _with_outreach()
    await directory.put(configured)
    async with database.pool.acquire() as connection:
        # What migration 0005 leaves on a clinic written before it.
        await connection.execute("UPDATE clinics SET reminder_policy = '{}', recall_settings = '{}'")
    stored = await directory.get(configured.id)
    assert stored is not None
    assert stored.reminders == ReminderPolicy()
    assert stored.recalls == RecallSettings()
    assert stored == replace(configured, reminders=ReminderPolicy(), recalls=RecallSettings())


async def test_privacy_settings_round_trip(database: Database) -> None:
    directory = PostgresClinicDirectory(database)
    private = replace(
        clinic(doctor()),
        privacy=PrivacySettings(
            notice=PrivacyNotice(
                "2027-01", "Usamos tus datos para agendar.", "https://example.cl/privacidad"
            ),
            retention=Retention(
                messages=timedelta(days=30),
                receipts=timedelta(days=7),
                outbound=timedelta(days=60),
                clinical_records=timedelta(days=5 * DAYS_PER_YEAR),
            ),
        ),
    )
    await directory.put(private)
    assert await directory.get(private.id) == private


async def test_a_clinic_loaded_before_privacy_settings_existed_reads_the_defaults(database: Database) -> None:
    directory = PostgresClinicDirectory(database)
    demo = load_demo_clinic()
    await directory.put(demo)
    async with database.pool.acquire() as connection:
        await connection.execute("UPDATE clinics SET privacy = '{}'")  # what migration 0024 leaves
    assert await directory.get(demo.id) == replace(demo, privacy=PrivacySettings())
