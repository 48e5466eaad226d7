"""An admin's console pages on a real PostgreSQL: the team (invite with a link shown once,
deactivate, change a role), the audit log (names shown, paged, exported as CSV and JSON, the
export audited), and one's own second factor, which every later sign-in then asks for."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import AsyncIterator

import httpx
import pyotp
import pytest
from litestar.testing import AsyncTestClient

from application.accounts import Accounts
from domain.staff import Role
from entrypoints.container import Container
from entrypoints.web import create_app
from tests.integration.staff.test_console_pages import form_token, sign_in
from tests.integration.staff.world import ANA, NOW, PASSWORD, SONRISA, Client, Patient

pytestmark = pytest.mark.integration

_LINK = re.compile(r'value="(https://clinica\.test/console/invitation/[^"]+)"')


@pytest.fixture
async def browser(container: Container) -> AsyncIterator[Client]:
    async with AsyncTestClient(app=create_app(container), base_url="https://clinica.test") as client:
        yield client


async def post(browser: Client, page: str, to: str, data: dict[str, str]) -> httpx.Response:
    token = await form_token(browser, page)
    return await browser.post(to, data={**data, "_csrf_token": token}, follow_redirects=False)


async def test_only_an_admin_reaches_the_team_and_the_log(browser: Client, accounts: Accounts) -> None:
    await sign_in(browser, accounts, SONRISA, Role.RECEPTION)
    for page in ("/console/equipo", "/console/registro", "/console/registro/exportar"):
        refused = await browser.get(page)
        assert refused.status_code == 403, page
        assert "Sin permiso" in refused.text
    inbox = await browser.get("/console/")
    assert "Equipo" not in inbox.text
    assert "Mi cuenta" in inbox.text


async def test_an_admin_invites_deactivates_and_re_roles_and_reads_it_all_in_the_log(
    browser: Client, accounts: Accounts
) -> None:
    admin = await sign_in(browser, accounts, SONRISA, Role.ADMIN)
    invited = await post(
        browser,
        "/console/equipo",
        "/console/equipo",
        {"name": "Daniela Pérez", "email": "daniela@sonrisa.cl", "role": "reception"},
    )
    assert invited.status_code == 200
    [link] = _LINK.findall(invited.text)
    assert link not in (await browser.get("/console/equipo")).text  # shown once
    token = link.rsplit("/", 1)[1]
    daniela = await accounts.accept(token, PASSWORD, None, "console")

    again = await post(
        browser,
        "/console/equipo",
        "/console/equipo",
        {"name": "Otra", "email": "DANIELA@sonrisa.cl", "role": "admin"},
    )
    assert "Ya hay una cuenta con ese correo" in again.text
    role = await post(browser, "/console/equipo", f"/console/equipo/{daniela.id}/rol", {"role": "read_only"})
    assert role.status_code == 303
    gone = await post(browser, "/console/equipo", f"/console/equipo/{daniela.id}/desactivar", {})
    assert gone.status_code == 303
    last = await post(browser, "/console/equipo", f"/console/equipo/{admin.id}/desactivar", {})
    assert last.status_code == 303
    team = await browser.get("/console/equipo")
    assert "al menos una cuenta de administración activa" in team.text
    assert "Solo lectura · Desactivada" in team.text

    log = await browser.get("/console/registro")
    assert log.status_code == 200
    actions = re.findall(r'data-action="([a-z_]+)"', log.text)
    assert actions[:5] == [
        "account_deactivated",
        "account_role_changed",
        "account_activated",
        "account_invited",
        "sign_in",
    ]
    assert "Daniela Pérez &lt;daniela@sonrisa.cl&gt;" in log.text
    assert "Carla Rojas &lt;admin" in log.text  # the admin who did it, by name and e-mail

    exported = await browser.get("/console/registro/exportar", params={"formato": "csv"})
    assert exported.headers["content-disposition"] == 'attachment; filename="registro-sonrisa.csv"'
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert rows[0]["what"] == "audit_exported"
    assert rows[0]["channel"] == "console"
    as_json = await browser.get("/console/registro/exportar", params={"formato": "json"})
    assert [r["what"] for r in as_json.json()[:2]] == ["audit_exported", "audit_exported"]


async def test_the_log_is_paged_newest_first(
    browser: Client, accounts: Accounts, container: Container
) -> None:
    await Patient(browser, container, ANA).says("Hola")
    await sign_in(browser, accounts, SONRISA, Role.ADMIN)
    for _ in range(50):
        await browser.get(f"/console/c/{ANA}")
    first = await browser.get("/console/registro")
    assert first.text.count('data-action="conversation_opened"') == 50
    [older] = re.findall(r"\?antes=(\d+)", first.text)
    second = await browser.get("/console/registro", params={"antes": older})
    assert re.findall(r'data-action="([a-z_]+)"', second.text)[0] == "sign_in"


async def test_a_second_factor_is_confirmed_by_a_code_then_asked_at_every_sign_in(
    browser: Client, accounts: Accounts
) -> None:
    carla = await sign_in(browser, accounts)
    started = await post(browser, "/console/cuenta", "/console/cuenta/dos-pasos", {})
    [secret] = re.findall(r'id="secreto" type="text" readonly value="([A-Z2-7]+)"', started.text)
    assert "otpauth://totp/" in started.text
    totp = pyotp.TOTP(secret)
    code = "000000" if totp.at(NOW) != "000000" else "111111"
    wrong = await post(browser, "/console/cuenta", "/console/cuenta/dos-pasos/confirmar", {"code": code})
    assert wrong.status_code == 400
    assert "El código no coincide" in wrong.text
    confirmed = await post(
        browser, "/console/cuenta", "/console/cuenta/dos-pasos/confirmar", {"code": totp.at(NOW)}
    )
    assert confirmed.status_code == 303
    assert "está activada" in (await browser.get("/console/cuenta")).text
    await post(browser, "/console/", "/console/logout", {})

    token = await form_token(browser)
    password = await browser.post(
        "/console/login",
        data={"email": carla.email, "password": PASSWORD, "_csrf_token": token},
        follow_redirects=False,
    )
    assert password.headers["location"].endswith("/console/login/code")
    assert (await browser.get("/console/", follow_redirects=False)).status_code == 303  # not in yet
    used = await post(browser, "/console/login/code", "/console/login/code", {"code": totp.at(NOW)})
    assert used.status_code == 401  # the code that confirmed it: used
    nearby = totp.at(NOW.timestamp() + 30)
    signed = await post(browser, "/console/login/code", "/console/login/code", {"code": nearby})
    assert signed.status_code == 303
    assert (await browser.get("/console/")).status_code == 200
