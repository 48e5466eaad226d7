"""What the console shows of issue 21's kinds: a photo, a voice note or a download link in the
conversation, the file fetched from a fake Graph API when opened, only by staff of the clinic the
patient wrote to, and nothing in it can run in the console's origin; and a reply that went as the
clinic's template because the patient last wrote over 24 hours ago."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from litestar.testing import AsyncTestClient

from adapters.memory.clock import FixedClock
from application.accounts import Accounts
from entrypoints.container import Container
from entrypoints.web import create_app
from tests.integration.servers.fake_graph import FakeGraphApi
from tests.integration.speech.spoken import VOICE_NOTE_TYPE, spoken
from tests.integration.staff.test_console_pages import form_token, sign_in
from tests.integration.staff.world import ANA, OTRA, Client, Patient

pytestmark = pytest.mark.integration

JPEG = b"\xff\xd8\xff\xe0 a photo of a prescription"


@pytest.fixture
async def browser(container: Container) -> AsyncIterator[Client]:
    """A client that keeps cookies and speaks HTTPS: the console's cookies are Secure."""
    async with AsyncTestClient(app=create_app(container), base_url="https://clinica.test") as client:
        yield client


def file_links(page: str) -> list[str]:
    return re.findall(r'(?:src|href)="(/console/c/[^"]+/media/[^"]+)"', page)


async def test_a_photo_is_shown_in_the_conversation_and_opened_from_whatsapp(
    browser: Client, accounts: Accounts, container: Container, graph: FakeGraphApi
) -> None:
    graph.keep("media-photo", JPEG, "image/jpeg")
    message = await Patient(browser, container, ANA).sends(
        "image", image={"id": "media-photo", "mime_type": "image/jpeg", "caption": "mi receta"}
    )
    message = container.message_keys().message_key(message)  # staff see its keyed hash
    await sign_in(browser, accounts)
    page = (await browser.get(f"/console/c/{ANA}")).text
    assert "📷 Foto" in page
    assert "mi receta" in page
    link = f"/console/c/{ANA}/media/{message}"
    assert f'<img class="archivo" id="f-{message}" hx-preserve="true" src="{link}"' in page
    opened = await browser.get(link)
    assert opened.status_code == 200
    assert opened.content == JPEG
    assert opened.headers["content-type"] == "image/jpeg"
    assert opened.headers["content-disposition"] == "inline"
    assert opened.headers["content-security-policy"].endswith("; sandbox")
    assert opened.headers["cache-control"] == "no-store"
    assert graph.downloads == ["media-photo"]


async def test_a_voice_note_plays_in_the_page(
    browser: Client, accounts: Accounts, container: Container, graph: FakeGraphApi
) -> None:
    audio = spoken("Hola, quería saber si atienden el sábado")
    graph.keep("media-voice", audio, VOICE_NOTE_TYPE)
    message = await Patient(browser, container, ANA).sends(
        "audio", audio={"id": "media-voice", "mime_type": VOICE_NOTE_TYPE, "voice": True}
    )
    message = container.message_keys().message_key(message)  # staff see its keyed hash
    await sign_in(browser, accounts)
    page = (await browser.get(f"/console/c/{ANA}/history")).text
    assert "🎤 Audio" in page
    assert f'<audio class="archivo" id="f-{message}"' in page
    opened = await browser.get(f"/console/c/{ANA}/media/{message}")
    assert (opened.headers["content-type"], opened.content) == ("audio/ogg", audio)


async def test_a_document_that_could_run_in_a_browser_is_only_downloaded(
    browser: Client, accounts: Accounts, container: Container, graph: FakeGraphApi
) -> None:
    html = b"<html><script>fetch('/api/v1/conversations')</script></html>"
    graph.keep("media-doc", html, "text/html")
    message = await Patient(browser, container, ANA).sends(
        "document", document={"id": "media-doc", "mime_type": "text/html", "filename": 'orden".html\r\nX: y'}
    )
    message = container.message_keys().message_key(message)  # staff see its keyed hash
    await sign_in(browser, accounts)
    assert file_links((await browser.get(f"/console/c/{ANA}")).text) == [f"/console/c/{ANA}/media/{message}"]
    opened = await browser.get(f"/console/c/{ANA}/media/{message}")
    assert opened.headers["content-type"] == "application/octet-stream"
    assert opened.headers["content-disposition"].startswith('attachment; filename="orden_.html_X_ y"')
    assert "\r" not in opened.headers["content-disposition"]


async def test_another_clinics_staff_never_reach_the_file(
    browser: Client, accounts: Accounts, container: Container, graph: FakeGraphApi
) -> None:
    graph.keep("media-photo", JPEG, "image/jpeg")
    message = await Patient(browser, container, ANA).sends(
        "image", image={"id": "media-photo", "mime_type": "image/jpeg"}
    )
    message = container.message_keys().message_key(message)  # staff see its keyed hash
    await sign_in(browser, accounts, OTRA)
    assert (await browser.get(f"/console/c/{ANA}/media/{message}")).status_code == 404
    assert graph.downloads == []


async def test_a_file_whatsapp_no_longer_keeps_is_gone_and_an_unknown_one_not_found(
    browser: Client, accounts: Accounts, container: Container, graph: FakeGraphApi
) -> None:
    message = await Patient(browser, container, ANA).sends(
        "image", image={"id": "media-expired", "mime_type": "image/jpeg"}
    )
    message = container.message_keys().message_key(message)  # staff see its keyed hash
    await sign_in(browser, accounts)
    gone = await browser.get(f"/console/c/{ANA}/media/{message}")
    assert gone.status_code == 410
    assert "WhatsApp ya no guarda ese archivo" in gone.text
    assert (await browser.get(f"/console/c/{ANA}/media/wamid.nothing")).status_code == 404


async def test_the_console_says_a_late_reply_went_as_the_approved_template(
    browser: Client, accounts: Accounts, container: Container, graph: FakeGraphApi
) -> None:
    await Patient(browser, container, ANA).says("Hola")
    clock = container.clock()
    assert isinstance(clock, FixedClock)
    clock.advance(timedelta(days=2))
    await sign_in(browser, accounts)
    token = await form_token(browser, f"/console/c/{ANA}")
    sent = await browser.post(
        f"/console/c/{ANA}/replies", data={"text": "Ya llegó su orden", "_csrf_token": token}
    )
    assert sent.status_code == 200
    assert "va en la plantilla «retomar_conversacion»" in sent.text
    assert (
        "Enviado en la plantilla aprobada (más de 24 horas desde su último mensaje): retomar_conversacion"
        in sent.text
    )
    assert graph.accepted[-1]["type"] == "template"
