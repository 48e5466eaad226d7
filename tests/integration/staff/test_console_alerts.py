"""The console's alerts over HTTP on a real PostgreSQL (issue 25): the badge counts the clinic's
conversations that need a person and no other clinic's; they come first in the inbox with their
reason; answering ends the wait; opening a file ends a wait for it, audited."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from litestar.testing import AsyncTestClient

from application.accounts import Accounts
from application.ports import AuditAction
from entrypoints.container import Container
from entrypoints.web import create_app
from tests.integration.servers.fake_graph import FakeGraphApi
from tests.integration.staff.test_console_pages import form_token, sign_in
from tests.integration.staff.test_roles_and_audit import log_of
from tests.integration.staff.world import ANA, BETO, OTRA, Client, Patient

pytestmark = pytest.mark.integration

POLL = {"HX-Request": "true"}


@pytest.fixture
async def browser(container: Container) -> AsyncIterator[Client]:
    async with AsyncTestClient(app=create_app(container), base_url="https://clinica.test") as client:
        yield client


async def test_the_badge_and_the_inbox_show_who_needs_a_person(
    browser: Client, accounts: Accounts, container: Container
) -> None:
    await Patient(browser, container, BETO).says("Hola")
    await Patient(browser, container, ANA).says("Quiero hablar con una persona")
    await Patient(browser, container, "56955556666", OTRA).says("Quiero hablar con una persona")
    await sign_in(browser, accounts)

    badge = await browser.get("/console/alerts", headers=POLL)
    assert badge.status_code == 200
    assert 'data-count="1"' in badge.text  # the other clinic's patient is not counted
    assert 'data-reason="Pidió hablar con una persona"' in badge.text
    assert '<span class="numero">1</span> necesita a una persona' in badge.text
    assert ANA not in badge.text

    inbox = await browser.get("/console/")
    assert inbox.text.index(f'data-patient="{ANA}"') < inbox.text.index(f'data-patient="{BETO}"')
    assert "Necesita a una persona:" in inbox.text
    assert "Activar avisos del navegador" in inbox.text

    token = await form_token(browser, f"/console/c/{ANA}")
    reply = {"text": "Hola, soy Carla.", "_csrf_token": token}
    sent = await browser.post(f"/console/c/{ANA}/replies", data=reply, follow_redirects=False)
    assert sent.status_code == 303
    assert 'data-count="0"' in (await browser.get("/console/alerts", headers=POLL)).text


async def test_opening_the_file_ends_the_wait_for_it_and_is_audited(
    browser: Client, accounts: Accounts, container: Container, graph: FakeGraphApi
) -> None:
    graph.keep("media-photo", b"\xff\xd8\xff\xe0 a jpeg", "image/jpeg")
    patient = Patient(browser, container, ANA)
    photo = await patient.sends("image", image={"id": "media-photo", "mime_type": "image/jpeg"})
    await sign_in(browser, accounts)
    badge = await browser.get("/console/alerts", headers=POLL)
    assert 'data-reason="Envió un archivo para revisar"' in badge.text
    opened = await browser.get(f"/console/c/{ANA}/media/{photo}")
    assert opened.status_code == 200, opened.text
    assert 'data-count="0"' in (await browser.get("/console/alerts", headers=POLL)).text
    records = await log_of(accounts)
    assert any(r.entry.action is AuditAction.FILE_REVIEWED for r in records)
