"""A receptionist's morning in the console, in a real browser: Debian's Chromium driven by
Playwright (never a downloaded browser), against `clinicflow serve` on PostgreSQL and Redis,
replies going to a fake Graph API.

Invited from the CLI, she sets her password and signs in with it; she sees a patient's message
arrive without reloading, takes the conversation over, answers, hands it back to the bot, and
cancels an appointment from the agenda; at a phone's width and by keyboard, she takes a patient's
request about their data and marks it answered. Screenshots of the inbox, the conversation and
the requests are saved as test artifacts (CLINICFLOW_TEST_ARTIFACTS, by default ./test-artifacts).
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.integration.faults.harness import NOW, Meta, Stack, deliveries, stack_of
from tests.integration.servers._process import not_here
from tests.integration.servers.fake_graph import FakeGraphApi
from tests.integration.servers.redis import RedisServer
from tests.integration.serving import clinicflow

pytestmark = pytest.mark.integration

CHROMIUM = os.environ.get("CLINICFLOW_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("CLINICFLOW_TEST_ARTIFACTS", "test-artifacts"))
UNTIL = 20_000  # ms: the console polls every 3 s, and a turn takes a moment


@pytest.fixture
def stack(database_url: str, redis: RedisServer, graph: FakeGraphApi) -> Iterator[Stack]:
    with stack_of(database_url, redis.url(), graph) as stack:
        stack.start()
        yield stack


@asynccontextmanager
async def launched_chromium() -> AsyncIterator[Any]:
    """Debian's Chromium driven by Playwright, headless (every browser test's, whatever its scope)."""
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        not_here("playwright is not installed (make setup installs it)")
    if not shutil.which(CHROMIUM):
        not_here(f"no Chromium at {CHROMIUM}: apt-get install chromium (scripts/ensure-services does)")
    async with async_playwright() as playwright:
        # Playwright adds --no-sandbox and --disable-dev-shm-usage itself.
        chromium = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            yield chromium
        finally:
            await chromium.close()


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    async with launched_chromium() as chromium:
        yield chromium


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


PASSWORD = "una contraseña de prueba"
_TOKEN = re.compile(r'name="_csrf_token" value="([0-9a-f]+)"')


def invitation(stack: Stack, email: str, name: str, role: str = "reception") -> str:
    """The invitation link `clinicflow staff invite` prints, once."""
    invited = clinicflow("staff", "invite", "sonrisa", email, "--name", name, "--role", role, env=stack.env)
    assert invited.returncode == 0, invited.stderr
    [link] = [line for line in invited.stdout.splitlines() if line.startswith("/console/invitation/")]
    return link


def form_post(stack: Stack, page: str, data: dict[str, str], client: str = "127.0.0.1") -> httpx.Response:
    """A form of the console sent as a browser at address ``client`` sends it (its CSRF token and
    cookie from the page first)."""
    with httpx.Client(base_url=stack.url, timeout=10, headers={"X-Forwarded-For": client}) as browser:
        form = browser.get(page)
        found = _TOKEN.search(form.text)
        assert found, form.text
        csrf = form.cookies["cf_csrf"]  # Secure: httpx would not send it back over http
        return browser.post(
            page, data={**data, "_csrf_token": found[1]}, headers={"cookie": f"cf_csrf={csrf}"}
        )


def staff_account(stack: Stack, email: str = "carla@sonrisa.cl", name: str = "Carla Rojas") -> str:
    """A receptionist invited from the CLI who set ``PASSWORD`` on the invitation page: her e-mail."""
    accepted = form_post(stack, invitation(stack, email, name), {"password": PASSWORD, "again": PASSWORD})
    assert accepted.status_code == 200, accepted.text
    assert "Contraseña guardada" in accepted.text
    return email


def staff_key(stack: Stack) -> str:
    created = clinicflow("staff-key", "create", "sonrisa", "--name", "Recepción", env=stack.env)
    assert created.returncode == 0, created.stderr
    [key] = [line for line in created.stdout.splitlines() if line.startswith("cf_")]
    return key


async def test_a_receptionist_takes_over_answers_hands_back_and_cancels(
    stack: Stack, graph: FakeGraphApi, browser: Any, artifacts: Path
) -> None:
    from playwright.async_api import expect

    key = staff_key(stack)
    email = staff_account(stack)
    context = await browser.new_context(locale="es-CL", viewport={"width": 390, "height": 844})
    elsewhere: list[str] = []
    context.on("request", lambda r: None if r.url.startswith(stack.url) else elsewhere.append(r.url))
    page = await context.new_page()
    # Chromium reports what the Content-Security-Policy blocked on the console, and the page
    # hears it as a securitypolicyviolation event: the console must need nothing it refuses.
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda error: refused.append(str(error)))
    await page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI))"
    )

    await page.goto(f"{stack.url}/console/login")
    await page.get_by_label("Correo electrónico").fill(email)
    await page.get_by_label("Contraseña").fill(PASSWORD)
    await page.get_by_role("button", name="Entrar").click()
    await expect(page.get_by_role("heading", name="Conversaciones")).to_be_visible()
    await expect(page.get_by_text("Todavía no hay conversaciones.")).to_be_visible()

    # A patient writes on WhatsApp: the inbox shows it without a reload.
    [[hola]] = deliveries(1, per_patient=1)
    async with httpx.AsyncClient(timeout=10) as client:
        await Meta(stack).deliver(client, hola)
    row = page.locator(f'[data-patient="{hola.patient}"]')
    await expect(row).to_be_visible(timeout=UNTIL)
    await expect(row).to_contain_text("Bot:", timeout=UNTIL)  # the bot answered
    await expect(row.locator(".nuevos")).to_have_text("1")
    await page.screenshot(path=str(artifacts / "console-inbox.png"), full_page=True)

    await row.click()
    await expect(page.get_by_text(hola.text, exact=True)).to_be_visible()
    await page.get_by_role("button", name="Tomar la conversación").click()
    await expect(page.locator("#modo")).to_have_text("Atiende personal")

    answer = "Hola, le escribe Carla de recepción. ¿En qué la ayudo?"
    await page.get_by_label("Responder como la clínica").fill(answer)
    await page.get_by_role("button", name="Enviar").click()
    await expect(page.get_by_text("Mensaje enviado.")).to_be_visible()
    await expect(page.locator(".globo-staff").last).to_contain_text(answer)
    to_patient = [b for b in graph.accepted if b.get("to") == f"+{hola.patient}" and b.get("type") == "text"]
    assert to_patient[-1]["text"]["body"] == answer
    await page.screenshot(path=str(artifacts / "console-conversation.png"), full_page=True)

    await page.get_by_role("button", name="Devolver al bot").click()
    await expect(page.locator("#modo")).to_have_text("Bot activo")

    # Tomorrow at 10 with Dr. Pérez, booked at the desk; cancelled from the agenda.
    starts = (NOW + timedelta(days=1)).replace(hour=10).isoformat()
    async with httpx.AsyncClient(timeout=10, headers={"Authorization": f"Bearer {key}"}) as api:
        booked = await api.post(
            f"{stack.url}/api/v1/appointments",
            json={
                "doctor_id": "perez",
                "starts_at": starts,
                "patient": hola.patient,
                "patient_name": "Ana Soto",
            },
        )
        assert booked.status_code == 201, booked.text
        await page.get_by_role("link", name="Agenda").click()
        visit = page.locator(f'[data-appointment="{booked.json()["id"]}"]')
        await expect(visit).to_contain_text("Ana Soto")
        await visit.get_by_role("button", name="Anular").click()
        await expect(page.get_by_text("Cita anulada")).to_be_visible()
        await expect(visit).to_contain_text("Anulada")
        listed = await api.get(f"{stack.url}/api/v1/appointments", params={"day": starts[:10], "days": 1})
    assert [a["status"] for a in listed.json()] == ["cancelled"]
    for _ in range(100):  # the patient is told, through the outbox
        if any("canceló tu cita" in str(body) for body in graph.accepted):
            break
        await asyncio.sleep(0.1)
    else:
        pytest.fail("the patient was not told of the cancellation")
    assert elsewhere == [], "the console fetched something from outside the clinic's server"
    assert refused == [], "the Content-Security-Policy refused something the console needs"
    await context.close()


async def test_an_admin_invites_a_receptionist_and_finds_her_actions_in_the_audit_log(
    stack: Stack, browser: Any, artifacts: Path
) -> None:
    from playwright.async_api import expect

    # The clinic's first admin, from the CLI; she sets her password on the invitation page.
    admin_link = invitation(stack, "jefa@sonrisa.cl", "Jefa Morales", "admin")
    accepted = form_post(stack, admin_link, {"password": PASSWORD, "again": PASSWORD})
    assert accepted.status_code == 200, accepted.text
    jefa = await (await browser.new_context(locale="es-CL")).new_page()
    await jefa.goto(f"{stack.url}/console/login")
    await jefa.get_by_label("Correo electrónico").fill("jefa@sonrisa.cl")
    await jefa.get_by_label("Contraseña").fill(PASSWORD)
    await jefa.get_by_role("button", name="Entrar").click()
    await jefa.get_by_role("link", name="Equipo").click()
    await jefa.get_by_label("Nombre").fill("Carla Rojas")
    await jefa.get_by_label("Correo electrónico").fill("carla@sonrisa.cl")
    await jefa.get_by_label("Rol", exact=True).select_option("reception")
    await jefa.get_by_role("button", name="Invitar").click()
    link = await jefa.get_by_label("Enlace de invitación").input_value()
    assert link.startswith(f"{stack.url}/console/invitation/")

    # Carla sets her password, mistypes it once, then signs in with it.
    carla = await (
        await browser.new_context(locale="es-CL", viewport={"width": 390, "height": 844})
    ).new_page()
    await carla.goto(link)
    await carla.get_by_label("Contraseña nueva").fill("clave de Carla, larga")
    await carla.get_by_label("Repita la contraseña").fill("clave de Carla, larga")
    await carla.get_by_role("button", name="Guardar contraseña").click()
    await expect(carla.get_by_text("Contraseña guardada")).to_be_visible()
    await carla.get_by_label("Correo electrónico").fill("carla@sonrisa.cl")
    await carla.get_by_label("Contraseña").fill("no es la clave de Carla")
    await carla.get_by_role("button", name="Entrar").click()
    await expect(carla.get_by_text("Correo o contraseña incorrectos.")).to_be_visible()
    await carla.get_by_label("Contraseña").fill("clave de Carla, larga")
    await carla.get_by_role("button", name="Entrar").click()
    await expect(carla.get_by_role("heading", name="Conversaciones")).to_be_visible()
    assert await carla.get_by_role("link", name="Registro").count() == 0  # not an admin's

    # A patient writes; Carla opens the conversation and answers.
    [[hola]] = deliveries(1, per_patient=1)
    async with httpx.AsyncClient(timeout=10) as client:
        await Meta(stack).deliver(client, hola)
    row = carla.locator(f'[data-patient="{hola.patient}"]')
    await expect(row).to_be_visible(timeout=UNTIL)
    await row.click()
    await carla.get_by_label("Responder como la clínica").fill("Hola, le escribe Carla.")
    await carla.get_by_role("button", name="Enviar").click()
    await expect(carla.get_by_text("Mensaje enviado.")).to_be_visible()

    # The admin finds all of it in the log, under Carla's name.
    await jefa.get_by_role("link", name="Registro").click()
    log = jefa.locator("table.registro tbody tr")
    carlas = log.filter(has_text="Carla Rojas <carla@sonrisa.cl>")
    await expect(carlas.first).to_be_visible()
    actions = [await r.get_attribute("data-action") for r in await carlas.all()]
    assert actions == [
        "conversation_opened",  # the page again, after her reply
        "reply_sent",
        "conversation_opened",
        "sign_in",
        "sign_in_failed",
        "account_activated",
    ]
    failed = carlas.locator('xpath=self::tr[@data-action="sign_in_failed"]')
    await expect(failed).to_contain_text("Inicio de sesión fallido")
    await expect(log.filter(has_text="Jefa Morales").first).to_be_visible()
    assert hola.patient not in await jefa.content()  # a patient is a keyed hash in the log
    await jefa.screenshot(path=str(artifacts / "console-audit-log.png"), full_page=True)
    await carla.context.close()
    await jefa.context.close()


async def test_a_receptionist_takes_a_patients_request_at_the_desk_and_marks_it_answered(
    stack: Stack, browser: Any, artifacts: Path
) -> None:
    """Solicitudes at a phone's width, by keyboard: the request taken, listed with its deadline,
    then answered. Its screenshot is test-artifacts/privacy-requests.png."""
    from playwright.async_api import expect

    email = staff_account(stack)
    [[hola]] = deliveries(1, per_patient=1)
    async with httpx.AsyncClient(timeout=10) as client:
        await Meta(stack).deliver(client, hola)
    page = await (
        await browser.new_context(locale="es-CL", viewport={"width": 390, "height": 844})
    ).new_page()
    await page.goto(f"{stack.url}/console/login")
    await page.get_by_label("Correo electrónico").fill(email)
    await page.get_by_label("Contraseña").fill(PASSWORD)
    await page.get_by_label("Contraseña").press("Enter")
    await page.get_by_role("link", name="Solicitudes").click()
    await expect(page.get_by_text("No hay solicitudes pendientes.")).to_be_visible()

    for kind in ("erasure", "access"):
        await page.get_by_label("Número del paciente").fill(f"+{hola.patient}")
        await page.get_by_label("Qué pide").select_option(kind)
        await page.get_by_label("Número del paciente").press("Enter")  # the form, sent by keyboard
        await expect(page.get_by_text("anotada: vence el")).to_be_visible()
    requests = page.locator("[data-request]")
    await expect(requests).to_have_count(2)
    await expect(requests.first).to_contain_text(f"+{hola.patient}")
    await expect(requests.first.get_by_role("link", name=f"+{hola.patient}")).to_be_visible()
    wider = await page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not wider, "the page is wider than a phone"
    await page.screenshot(path=str(artifacts / "privacy-requests.png"), full_page=True)

    await requests.first.get_by_role("button", name="Marcar respondida").focus()
    await page.keyboard.press("Enter")
    await expect(page.get_by_text("respondida.")).to_be_visible()
    await expect(requests).to_have_count(1)
    await page.get_by_role("link", name="Todas").click()
    await expect(requests).to_have_count(2)
    await expect(page.get_by_text("respondida el")).to_be_visible()
    await page.context.close()
