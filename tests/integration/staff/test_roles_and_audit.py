"""Roles enforced and staff actions audited, in the staff API (keys, one per integration) and the
console (accounts), on a real PostgreSQL: read-only reads, reception works the desk, admin alone
switches the bot; what each did is in the audit log with who, from where and to whom (a patient
by keyed hash, never the number)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from litestar.testing import AsyncTestClient

from application.accounts import Accounts
from application.ports import ActorKind, AuditAction, AuditRecord
from application.staff import StaffAccess
from domain.ids import PatientAddress
from domain.staff import Role
from entrypoints.container import Container
from entrypoints.web import create_app
from tests.integration.staff.test_console_pages import form_token, sign_in
from tests.integration.staff.world import ANA, SONRISA, Client, Patient, key_of

pytestmark = pytest.mark.integration

ANA_ADDRESS = PatientAddress(ANA)


@pytest.fixture
async def browser(container: Container) -> AsyncIterator[Client]:
    async with AsyncTestClient(app=create_app(container), base_url="https://clinica.test") as client:
        yield client


async def log_of(accounts: Accounts) -> list[AuditRecord]:
    """The clinic's audit log, read on the test's own pool (the app's lives on the client's loop)."""
    return await accounts.audit.entries(SONRISA.id)


async def test_an_api_key_does_what_its_role_allows(
    client: Client, container: Container, access: StaffAccess, accounts: Accounts
) -> None:
    await Patient(client, container, ANA).says("Hola")
    reader = await key_of(access, SONRISA, Role.READ_ONLY)
    desk = await key_of(access, SONRISA, Role.RECEPTION)
    admin = await key_of(access, SONRISA, Role.ADMIN)
    reply = {"text": "Hola, le escribe la clínica"}

    assert (await client.get("/api/v1/conversations", headers=reader)).status_code == 200
    for path, body in (
        (f"/api/v1/conversations/{ANA}/replies", reply),
        (f"/api/v1/conversations/{ANA}/pause", None),
    ):
        refused = await client.post(path, json=body, headers=reader)
        assert refused.status_code == 403, refused.text
        assert "role" in refused.json()["error"]
    assert (await client.post("/api/v1/bot/pause", headers=desk)).status_code == 403
    assert (
        await client.post(f"/api/v1/conversations/{ANA}/replies", json=reply, headers=desk)
    ).status_code == 201
    assert (await client.post("/api/v1/bot/pause", headers=admin)).json() == {"enabled": False}
    assert (await client.post("/api/v1/bot/resume", headers=admin)).json() == {"enabled": True}

    entries = [r.entry for r in reversed(await log_of(accounts))]
    assert [e.action for e in entries] == [
        AuditAction.REPLY_SENT,
        AuditAction.BOT_SWITCHED,
        AuditAction.BOT_SWITCHED,
    ]
    sent = entries[0]
    [desk_key] = [k for k in await access.of_clinic(SONRISA.id) if k.role is Role.RECEPTION]
    assert (sent.actor.kind, sent.actor.id, sent.channel) == (ActorKind.API_KEY, desk_key.id, "api")
    assert sent.target == container.pseudonyms().patient(ANA_ADDRESS)
    assert ANA not in str(entries)


async def test_reading_a_conversation_through_the_api_is_audited(
    client: Client, container: Container, access: StaffAccess, accounts: Accounts
) -> None:
    await Patient(client, container, ANA).says("Hola")
    headers = await key_of(access, SONRISA, Role.READ_ONLY)
    assert (await client.get(f"/api/v1/conversations/{ANA}", headers=headers)).status_code == 200
    [opened] = await log_of(accounts)
    assert opened.entry.action is AuditAction.CONVERSATION_OPENED
    assert opened.entry.client


async def test_a_read_only_account_sees_the_console_but_changes_nothing(
    browser: Client, container: Container, accounts: Accounts
) -> None:
    await Patient(browser, container, ANA).says("Hola")
    await sign_in(browser, accounts, SONRISA, Role.READ_ONLY)
    assert (await browser.get(f"/console/c/{ANA}")).status_code == 200
    token = await form_token(browser, "/console/")
    refused = await browser.post(
        f"/console/c/{ANA}/pause", data={"_csrf_token": token}, follow_redirects=False
    )
    assert refused.status_code == 403
    assert "Sin permiso" in refused.text
    assert "Tomar la conversación" not in (await browser.get(f"/console/c/{ANA}")).text


async def test_a_receptionists_console_actions_are_audited_as_hers(
    browser: Client, container: Container, accounts: Accounts
) -> None:
    await Patient(browser, container, ANA).says("Hola")
    carla = await sign_in(browser, accounts)
    page = f"/console/c/{ANA}"
    token = await form_token(browser, page)
    for action, data in (("pause", {}), ("replies", {"text": "Hola Ana"}), ("resume", {})):
        done = await browser.post(
            f"{page}/{action}", data={**data, "_csrf_token": token}, follow_redirects=False
        )
        assert done.status_code == 303, done.text
    entries = [r.entry for r in reversed(await log_of(accounts)) if r.entry.actor.id == carla.id]
    assert [e.action for e in entries] == [
        AuditAction.ACCOUNT_ACTIVATED,
        AuditAction.SIGN_IN,
        AuditAction.CONVERSATION_OPENED,
        AuditAction.CONVERSATION_TAKEN,
        AuditAction.REPLY_SENT,
        AuditAction.CONVERSATION_RETURNED,
    ]
    assert {e.channel for e in entries[1:]} == {"console"}
    assert all(e.client for e in entries[1:])
    assert ANA not in str(entries)
