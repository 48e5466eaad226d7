"""The staff console's pages over HTTP(S), on a real PostgreSQL: nothing opens without a signed-in
session, a session is a new one at sign-in, every form needs its CSRF token, a deactivated
account's sessions end at once, and clinic A's session never reaches clinic B's conversations or
appointments."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from application.accounts import Accounts
from application.audit import Origin
from application.staff import StaffAccess
from domain.staff import Role, StaffAccount
from entrypoints.container import Container
from entrypoints.web import create_app
from tests.integration.staff.world import (
    ANA,
    BETO,
    NOW,
    OTRA,
    PASSWORD,
    SONRISA,
    Client,
    Patient,
    key_of,
    person,
)

pytestmark = pytest.mark.integration

_TOKEN = re.compile(r'name="_csrf_token" value="([0-9a-f]+)"')


@pytest.fixture
async def browser(container: Container) -> AsyncIterator[Client]:
    """A client that keeps cookies and speaks HTTPS: the console's cookies are Secure."""
    async with AsyncTestClient(app=create_app(container), base_url="https://clinica.test") as client:
        yield client


async def form_token(client: Client, page: str = "/console/login") -> str:
    response = await client.get(page)
    found = _TOKEN.search(response.text)
    assert found, response.text
    return found[1]


async def sign_in(
    client: Client, accounts: Accounts, clinic: Any = SONRISA, role: Role = Role.RECEPTION
) -> StaffAccount:
    """Signs in as a new person of ``clinic`` with ``role``, with her e-mail and password."""
    account = await person(accounts, clinic, role)
    token = await form_token(client)
    signed = await client.post(
        "/console/login",
        data={"email": account.email, "password": PASSWORD, "_csrf_token": token},
        follow_redirects=False,
    )
    assert signed.status_code == 303, signed.text
    assert signed.headers["location"].endswith("/console")
    return account


async def test_pages_ask_to_sign_in_first(browser: Client) -> None:
    for page in ("/console/", "/console/agenda", f"/console/c/{ANA}"):
        response = await browser.get(page, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].endswith("/console/login")
    poll = await browser.get("/console/conversations", headers={"HX-Request": "true"})
    assert poll.status_code == 401
    assert poll.headers["hx-redirect"].endswith("/console/login")
    login = await browser.get("/console/login")
    assert "Correo electrónico" in login.text
    assert "Contraseña" in login.text
    assert "cf_session" not in login.headers.get("set-cookie", "")  # no session for a mere visit


async def test_a_wrong_password_is_refused_and_signing_in_makes_a_new_session(
    browser: Client, accounts: Accounts, access: StaffAccess
) -> None:
    carla = await person(accounts, SONRISA)
    key = (await key_of(access, SONRISA))["Authorization"].removeprefix("Bearer ")
    token = await form_token(browser)
    for email, password in ((carla.email, "no es la contraseña"), ("nadie@sonrisa.cl", PASSWORD), ("", key)):
        wrong = await browser.post(
            "/console/login", data={"email": email, "password": password, "_csrf_token": token}
        )
        assert wrong.status_code == 401
        assert "Correo o contraseña incorrectos." in wrong.text
    browser.cookies.set("cf_session", "planted-by-someone-else", domain="clinica.test", path="/console")
    await sign_in(browser, accounts)
    issued = browser.cookies.get("cf_session", path="/console")
    assert issued
    assert issued != "planted-by-someone-else"
    inbox = await browser.get("/console/")
    assert inbox.status_code == 200
    assert SONRISA.name in inbox.text


async def test_forms_without_a_valid_csrf_token_are_refused(
    browser: Client, accounts: Accounts, access: StaffAccess, container: Container
) -> None:
    await Patient(browser, container, ANA).says("Hola")
    await sign_in(browser, accounts)
    api = await key_of(access, SONRISA)
    for data in ({}, {"_csrf_token": "0" * 128}):
        refused = await browser.post(f"/console/c/{ANA}/pause", data=data, follow_redirects=False)
        assert refused.status_code == 403
    conversation = await browser.get(f"/api/v1/conversations/{ANA}", headers=api)
    assert conversation.json()["conversation"]["bot_enabled"] is True
    token = await form_token(browser, f"/console/c/{ANA}")
    paused = await browser.post(
        f"/console/c/{ANA}/pause", data={"_csrf_token": token}, follow_redirects=False
    )
    assert paused.status_code == 303
    page = await browser.get(f"/console/c/{ANA}")
    assert "Atiende personal" in page.text
    assert "Usted atiende esta conversación" in page.text


async def test_a_deactivated_accounts_session_ends_at_once(browser: Client, accounts: Accounts) -> None:
    carla = await sign_in(browser, accounts)
    await person(accounts, SONRISA, Role.ADMIN)
    assert (await browser.get("/console/", follow_redirects=False)).status_code == 200
    await accounts.deactivate(Origin.cli(None), carla.id)
    response = await browser.get("/console/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].endswith("/console/login")


async def test_clinic_a_never_reaches_clinic_b(
    browser: Client, accounts: Accounts, access: StaffAccess, container: Container
) -> None:
    await Patient(browser, container, ANA).says("Hola")
    await Patient(browser, container, BETO, OTRA).says("Hola")
    otra = await key_of(access, OTRA)
    starts = (NOW + timedelta(days=1)).replace(hour=10).isoformat()
    booked = await browser.post(
        "/api/v1/appointments",
        json={"doctor_id": "perez", "starts_at": starts, "patient": BETO, "patient_name": "Beto"},
        headers=otra,
    )
    assert booked.status_code == 201, booked.text
    theirs = booked.json()["id"]
    await sign_in(browser, accounts)
    inbox = await browser.get("/console/")
    assert f'data-patient="{ANA}"' in inbox.text
    assert BETO not in inbox.text
    assert (await browser.get(f"/console/c/{BETO}")).status_code == 404
    token = await form_token(browser, "/console/agenda")
    cancel = await browser.post(
        f"/console/appointments/{theirs}/cancel", data={"_csrf_token": token}, follow_redirects=False
    )
    assert cancel.status_code == 404
    agenda = await browser.get("/console/agenda")
    assert theirs not in agenda.text
    still = await browser.get("/api/v1/appointments", params={"day": starts[:10], "days": 1}, headers=otra)
    assert [a["status"] for a in still.json()] == ["booked"]


async def test_opening_a_conversation_marks_it_read_however_its_number_is_written(
    browser: Client, accounts: Accounts, container: Container
) -> None:
    await Patient(browser, container, ANA).says("Hola")
    await sign_in(browser, accounts)
    assert 'title="mensajes sin leer">1<' in (await browser.get("/console/")).text
    assert (await browser.get(f"/console/c/+{ANA}")).status_code == 200  # written with its +
    assert "mensajes sin leer" not in (await browser.get("/console/")).text
