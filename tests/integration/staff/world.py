"""The clinics, patients and moment the staff API tests share, and a key of a clinic's staff."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from litestar.testing import AsyncTestClient

from adapters.clinic_config.toml_file import load_demo_clinic
from adapters.memory.store import InMemoryUnitOfWorkFactory
from application.accounts import Accounts
from application.audit import Origin
from application.staff import StaffAccess
from domain.clinic import Clinic
from domain.ids import ClinicId, PatientAddress
from domain.staff import Role, StaffAccount
from entrypoints.container import Container
from tests import meta_payloads as meta
from tests.consent import answered, answered_at_url

SECRET = "staff-tests-app-secret"
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("America/Santiago"))
ANA, BETO = "56911112222", "56933334444"
SONRISA = load_demo_clinic()
OTRA = dataclasses.replace(
    SONRISA, id=ClinicId("otra"), name="Clínica Otra", phone_number_id="200000000000002"
)

Client = AsyncTestClient[Any]
PASSWORD = "una contraseña de prueba"


async def key_of(access: StaffAccess, clinic: Clinic, role: Role = Role.RECEPTION) -> dict[str, str]:
    issued = await access.issue(clinic.id, "recepción", role)
    return {"Authorization": f"Bearer {issued.secret}"}


async def person(
    accounts: Accounts, clinic: Clinic, role: Role = Role.RECEPTION, name: str = "Carla Rojas"
) -> StaffAccount:
    """An active account of ``clinic``, with ``PASSWORD``: invited and accepted."""
    person.count += 1  # type: ignore[attr-defined]
    email = f"{role.value}{person.count}@{clinic.id}.cl"  # type: ignore[attr-defined]
    invited = await accounts.invite(Origin.cli(clinic.id), clinic.id, email, name, role)
    return await accounts.accept(invited.token, PASSWORD, None, "console")


person.count = 0  # type: ignore[attr-defined]


class Patient:
    """Writes to a clinic as Meta delivers it, and waits for the turn to be over."""

    count = 0

    def __init__(self, client: Client, container: Container, phone: str, clinic: Clinic = SONRISA) -> None:
        self.client, self.container, self.phone, self.clinic = client, container, phone, clinic
        self.answered_notice = False

    async def says(self, text: str) -> None:
        await self.sends("text", text={"body": text})

    async def _answer_notice(self) -> None:
        """Recorded beside the app: its pool lives in the test client's own event loop."""
        settings = self.container.settings()
        if settings.durable:
            await answered_at_url(settings.database_url, self.clinic, [self.phone], NOW)
            return
        units = self.container.unit_of_work()
        assert isinstance(units, InMemoryUnitOfWorkFactory)
        answered(units.store, self.clinic, PatientAddress(self.phone), at=NOW)

    async def sends(self, kind: str, **content: Any) -> str:
        """A message of Meta's ``kind`` (``image``, ``document``...); its id."""
        if not self.answered_notice:  # these patients accepted the privacy notice before
            self.answered_notice = True
            await self._answer_notice()
        Patient.count += 1
        message_id = f"wamid.staff.{Patient.count}"
        item = meta.message(self.phone, message_id, int(NOW.timestamp()), kind) | content
        payload = meta.single_message_delivery(self.clinic.phone_number_id, item)
        body = meta.encode(payload)
        response = await self.client.post(
            "/webhooks/whatsapp", content=body, headers=meta.signed_headers(SECRET, body)
        )
        assert response.status_code == 200, response.text
        deadline = time.monotonic() + 10
        while self.container.turns().busy:
            assert time.monotonic() < deadline, "turns still running"
            await asyncio.sleep(0.01)
        return message_id
