"""The clinics, patients and moment the staff API tests share, and a key of a clinic's staff."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from litestar.testing import AsyncTestClient

from adapters.clinic_config.toml_file import load_demo_clinic
from application.staff import StaffAccess
from domain.clinic import Clinic
from domain.ids import ClinicId

SECRET = "staff-tests-app-secret"
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("America/Santiago"))
ANA, BETO = "56911112222", "56933334444"
SONRISA = load_demo_clinic()
OTRA = dataclasses.replace(
    SONRISA, id=ClinicId("otra"), name="Clínica Otra", phone_number_id="200000000000002"
)

Client = AsyncTestClient[Any]


async def key_of(access: StaffAccess, clinic: Clinic) -> dict[str, str]:
    issued = await access.issue(clinic.id, "recepción")
    return {"Authorization": f"Bearer {issued.secret}"}
