"""Issue 25's done-when for the settings, in a real browser (Debian's Chromium driven by
Playwright) against `clinicflow serve` on PostgreSQL and Redis, replies going to a fake Graph API:
a clinic admin who never saw a TOML file adds a doctor with her hours and a service from the
console, and a patient's chat is then offered her times.

Screenshots: ``settings.png``, ``settings-doctor.png`` (the form with a mistake pointed out) and
``settings-phone.png`` (the doctor's form at a phone's width), in CLINICFLOW_TEST_ARTIFACTS.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests import meta_payloads as meta
from tests.integration.faults.harness import NOW, PHONE_NUMBER_ID, Delivery, Meta, Stack, patient
from tests.integration.servers.fake_graph import FakeGraphApi
from tests.integration.staff.test_console_browser import (  # noqa: F401 - fixtures
    PASSWORD,
    UNTIL,
    artifacts,
    browser,
    form_post,
    invitation,
    stack,
)

pytestmark = pytest.mark.integration


def admin_account(stack: Stack) -> str:  # noqa: F811
    """An admin invited from the CLI who set ``PASSWORD`` on the invitation page: her e-mail."""
    email = "marta@sonrisa.cl"
    link = invitation(stack, email, "Marta Díaz", role="admin")
    accepted = form_post(stack, link, {"password": PASSWORD, "again": PASSWORD})
    assert accepted.status_code == 200, accepted.text
    return email


async def offered(graph: FakeGraphApi, to: str, *wanted: str, seconds: float = 30) -> str:
    """The first message sent to ``to`` that says every one of ``wanted``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for body in graph.sent:
            text = json.dumps(body, ensure_ascii=False)
            if str(body.get("to", "")).lstrip("+") == to and all(w in text for w in wanted):
                return text
        await asyncio.sleep(0.2)
    raise AssertionError(f"nothing with {wanted} sent to the patient: {graph.sent}")


async def test_an_admin_adds_a_doctor_and_a_service_and_a_patient_is_offered_her_times(
    stack: Stack,  # noqa: F811
    graph: FakeGraphApi,
    browser: Any,  # noqa: F811
    artifacts: Path,  # noqa: F811
) -> None:
    from axe_playwright_python.async_playwright import Axe  # type: ignore[import-untyped]
    from playwright.async_api import expect

    email = admin_account(stack)
    context = await browser.new_context(locale="es-CL", viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    await page.goto(f"{stack.url}/console/login")
    await page.get_by_label("Correo electrónico").fill(email)
    await page.get_by_label("Contraseña").fill(PASSWORD)
    await page.get_by_role("button", name="Entrar").click()

    await page.get_by_role("link", name="Ajustes").click()
    await expect(page.get_by_role("heading", name="Ajustes de la clínica")).to_be_visible()
    await expect(page.get_by_label("Nombre")).to_have_value("Clínica Dental Sonrisa")
    await page.screenshot(path=str(artifacts / "settings.png"), full_page=True)

    # A doctor, with her hours typed as a person types them: a mistake is pointed out, nothing
    # is stored, and what she typed is still there to correct.
    await page.get_by_role("link", name="Doctores").click()
    await page.get_by_role("link", name="Agregar doctor").click()
    await page.get_by_label("Nombre").fill("Dra. Inés López")
    await page.get_by_label("Especialidad").fill("Endodoncia")
    await page.get_by_label("Duración de cada cita, en minutos").fill("60")
    await page.get_by_label("Martes").fill("10:00-13:00")
    await page.get_by_label("Jueves").fill("9-13, 15:00-18:00")
    await page.get_by_role("button", name="Agregar doctor").click()
    alert = page.get_by_role("alert")
    await expect(alert).to_contain_text("No se guardó nada")
    await expect(alert).to_contain_text('"9-13" is not a range like "09:00-13:00"')
    await expect(page.get_by_label("Jueves")).to_have_value("9-13, 15:00-18:00")
    await page.screenshot(path=str(artifacts / "settings-doctor.png"), full_page=True)
    await page.get_by_label("Jueves").fill("09:00-13:00, 15:00-18:00")
    await page.get_by_role("button", name="Agregar doctor").click()
    saved = page.locator("p.aviso[role=status]")  # not the alerts badge, a role=status too
    await expect(saved).to_have_text("Dra. Inés López quedó en la lista de doctores.")
    await expect(page.locator('[data-doctor="dra-ines-lopez"]')).to_contain_text("Martes: 10:00-13:00")

    # A service only she does, found by the words patients use.
    await page.get_by_role("link", name="Servicios").click()
    await page.get_by_role("link", name="Agregar servicio").click()
    await page.get_by_label("Nombre").fill("Endodoncia")
    await page.get_by_label("Duración, en minutos").fill("60")
    await page.get_by_role("textbox", name="Precio").fill("80000")
    await page.get_by_label("Dra. Inés López").check()
    await page.get_by_label("Cómo lo piden los pacientes").fill("endodoncia, tratamiento de conducto")
    await page.get_by_role("button", name="Agregar servicio").click()
    await expect(saved).to_have_text("Servicio agregado.")
    await expect(page.locator('[data-service="endodoncia"]')).to_contain_text("Dra. Inés López")

    # At a phone's width, by keyboard: her form fits, and a field is reached with Tab.
    await page.set_viewport_size({"width": 390, "height": 844})
    await page.goto(f"{stack.url}/console/ajustes/doctores/dra-ines-lopez")
    await expect(page.get_by_label("Martes")).to_have_value("10:00-13:00")
    wider = await page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not wider, "the settings page scrolls sideways at 390 px"
    await page.get_by_label("Nombre").focus()
    await page.keyboard.press("Tab")
    await expect(page.get_by_label("Especialidad")).to_be_focused()
    await page.screenshot(path=str(artifacts / "settings-phone.png"), full_page=True)
    # Every part of the settings, by axe-core's rules, at that width.
    axe = Axe()
    for part in (
        "",
        "/doctores",
        "/servicios",
        "/servicios/endodoncia",
        "/preguntas",
        "/recordatorios",
        "/idiomas",
        "/bot",
    ):
        await page.goto(f"{stack.url}/console/ajustes{part}")
        found = await axe.run(page)
        assert found.violations_count == 0, (part, [v["id"] for v in found.response["violations"]])
        assert not await page.evaluate("document.documentElement.scrollWidth > window.innerWidth"), part
    assert errors == []
    await context.close()

    # A patient writes on WhatsApp (a signed delivery through serve): her times are offered.
    ana = patient(3)  # answered the privacy notice before (the harness's patients did)
    text = "Hola, quiero una hora de endodoncia para mañana"
    body = meta.encode(
        meta.text_delivery(PHONE_NUMBER_ID, ana, "wamid.ajustes.1", text, int(NOW.timestamp()))
    )
    async with httpx.AsyncClient(timeout=10) as client:
        await Meta(stack).deliver(client, Delivery(ana, "wamid.ajustes.1", text, body))
    offer = await offered(graph, ana, "Endodoncia", "10:00", "Dra. López", seconds=UNTIL / 1000)
    assert "11:00" in offer
    assert "12:00" in offer
