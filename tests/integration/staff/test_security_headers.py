"""Every answer of the app carries the security headers, the console's and the staff API's
(pages, polls, errors, refusals) and the rest; none of patient data may be cached."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from litestar.testing import AsyncTestClient

from application.accounts import Accounts
from application.staff import StaffAccess
from entrypoints.container import Container
from entrypoints.web import create_app
from tests.integration.staff.test_console_pages import form_token, sign_in
from tests.integration.staff.world import ANA, SONRISA, Client, Patient, key_of

pytestmark = pytest.mark.integration


@pytest.fixture
async def browser(container: Container) -> AsyncIterator[Client]:
    async with AsyncTestClient(app=create_app(container), base_url="https://clinica.test") as client:
        yield client


def assert_protected(response: httpx.Response, *, cacheable: bool = False) -> None:
    where = f"{response.request.method} {response.request.url.path} -> {response.status_code}"
    headers = response.headers
    policy = headers.get("content-security-policy", "")
    directives = {d.strip().split(" ")[0]: d.strip() for d in policy.split(";") if d.strip()}
    assert directives.get("frame-ancestors") == "frame-ancestors 'none'", where
    assert "script-src" in directives or "default-src" in directives, where
    for directive in ("script-src", "style-src", "default-src"):
        assert "unsafe-inline" not in directives.get(directive, ""), where
        assert "unsafe-eval" not in directives.get(directive, ""), where
    assert headers.get("x-frame-options") == "DENY", where
    assert headers.get("x-content-type-options") == "nosniff", where
    assert headers.get("referrer-policy") in ("no-referrer", "same-origin"), where
    if not cacheable:
        assert "no-store" in headers.get("cache-control", ""), where
    assert len(headers.get_list("content-security-policy")) == 1, where


async def test_console_pages_and_their_errors_carry_the_headers(
    browser: Client, accounts: Accounts, container: Container
) -> None:
    anonymous = [
        await browser.get("/console/login"),
        await browser.get("/console/", follow_redirects=False),
        await browser.get("/console/conversations", headers={"HX-Request": "true"}),
        await browser.post("/console/login", data={"key": "cf_nope"}),  # no CSRF token: 403
        await browser.get("/console/nowhere"),
        await browser.delete("/console/login"),
    ]
    for response in anonymous:
        assert_protected(response)
    assert_protected(await browser.get("/console/static/console.css"), cacheable=True)
    assert_protected(await browser.get("/console/static/htmx.min.js"), cacheable=True)
    await Patient(browser, container, ANA).says("Hola")
    await sign_in(browser, accounts)
    token = await form_token(browser, "/console/")
    signed_in = [
        await browser.get("/console/"),
        await browser.get("/console/conversations", headers={"HX-Request": "true"}),
        await browser.get(f"/console/c/{ANA}"),
        await browser.get(f"/console/c/{ANA}/history", headers={"HX-Request": "true"}),
        await browser.get("/console/agenda?dias=1"),
        await browser.get("/console/c/56900000000"),  # 404 page
        await browser.post(f"/console/c/{ANA}/pause", data={"_csrf_token": token}, follow_redirects=False),
    ]
    for response in signed_in:
        assert response.status_code < 500
        assert_protected(response)


async def test_the_api_and_the_rest_of_the_app_carry_the_headers(
    browser: Client, access: StaffAccess, container: Container
) -> None:
    await Patient(browser, container, ANA).says("Hola")
    staff = await key_of(access, SONRISA)
    for response in (
        await browser.get("/api/v1/conversations", headers=staff),
        await browser.get(f"/api/v1/conversations/{ANA}", headers=staff),
        await browser.get("/api/v1/conversations"),  # 401
        await browser.get("/api/v1/conversations/56900000000", headers=staff),  # 404
        await browser.get("/api/v1/appointments?days=0", headers=staff),  # 400
        await browser.get("/health"),
        await browser.get("/webhooks/whatsapp"),  # 403
        await browser.get("/nowhere"),  # Litestar's own 404
    ):
        assert response.status_code < 500
        assert_protected(response)
