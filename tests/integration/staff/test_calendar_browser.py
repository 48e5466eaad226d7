"""The front desk's calendar in a real browser (Debian's Chromium driven by Playwright) against
`clinicflow serve` on PostgreSQL and Redis, replies going to a fake Graph API.

A receptionist opens the week of one doctor, sees an appointment by its service beside the free
times, moves it to another free time and the patient is told on WhatsApp; the day shows every
doctor; at a phone's width the week is a list of days, and she cancels by keyboard after
confirming. axe-core finds nothing to fix on the pages. Screenshots: calendar.png,
calendar-day.png, calendar-phone.png (CLINICFLOW_TEST_ARTIFACTS, by default ./test-artifacts).
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.integration.faults.harness import NOW, Stack
from tests.integration.servers.fake_graph import FakeGraphApi
from tests.integration.staff import test_console_browser as console
from tests.integration.staff.test_console_browser import PASSWORD, staff_account, staff_key

pytestmark = pytest.mark.integration

PATIENT = "56911112222"
# The console's browser tests' fixtures: the stack, Chromium, the artifacts' folder.
stack, browser, artifacts = console.stack, console.browser, console.artifacts


async def _told(graph: FakeGraphApi, words: str) -> None:
    for _ in range(100):  # through the outbox
        if any(words in str(body) for body in graph.accepted if body.get("to") == f"+{PATIENT}"):
            return
        await asyncio.sleep(0.1)
    pytest.fail(f"the patient was not told: {words!r}")


async def _no_violations(page: Any) -> None:
    from axe_playwright_python.async_playwright import Axe  # type: ignore[import-untyped]

    results = await Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


async def test_a_receptionist_moves_an_appointment_from_the_week_and_cancels_one_from_her_phone(
    stack: Stack, graph: FakeGraphApi, browser: Any, artifacts: Path
) -> None:
    from playwright.async_api import expect

    key = staff_key(stack)
    email = staff_account(stack)
    tomorrow_10 = (NOW + timedelta(days=1)).replace(hour=10)
    async with httpx.AsyncClient(
        base_url=stack.url, timeout=10, headers={"Authorization": f"Bearer {key}"}
    ) as api:
        booked = await api.post(
            "/api/v1/appointments",
            json={
                "doctor_id": "perez",
                "starts_at": tomorrow_10.isoformat(),
                "patient": PATIENT,
                "patient_name": "Ana Soto",
                "service_id": "limpieza",
            },
        )
        assert booked.status_code == 201, booked.text

    context = await browser.new_context(locale="es-CL", viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    await page.goto(f"{stack.url}/console/login")
    await page.get_by_label("Correo electrónico").fill(email)
    await page.get_by_label("Contraseña").fill(PASSWORD)
    await page.get_by_role("button", name="Entrar").click()
    await page.get_by_role("link", name="Calendario").click()
    await expect(page.get_by_role("heading", name="Calendario")).to_be_visible()
    await page.get_by_label("Médico").select_option(label="Dra. Camila Pérez (Odontología general)")
    await page.get_by_role("button", name="Ver").click()
    tuesday = page.locator(".dia").nth(1)
    await expect(tuesday.get_by_role("heading")).to_contain_text("Martes 01/12")
    visit = tuesday.locator(".franja-cita")
    await expect(visit).to_contain_text("Limpieza dental")  # the service in words, not a colour
    await expect(visit).to_contain_text("10:00–11:00")
    await expect(tuesday.locator(".franja-libre").first).to_contain_text("Libre")
    await expect(page.locator('[aria-current="date"]')).to_contain_text("Hoy")
    await page.screenshot(path=str(artifacts / "calendar.png"), full_page=True)
    await _no_violations(page)

    await visit.get_by_role("link", name="Ana Soto").click()
    await expect(page.get_by_role("heading", name="Cita de Ana Soto")).to_be_visible()
    await page.get_by_label("Nueva hora").select_option(label="Martes 01/12, 16:00 - 17:00")
    await page.get_by_role("button", name="Cambiar y avisar al paciente").click()
    await expect(page.get_by_text("cambiada a mar 01/12 16:00")).to_be_visible()
    await expect(page.locator(".dia").nth(1).locator(".franja-cita")).to_contain_text("16:00–17:00")
    await _told(graph, "cambió tu cita")

    await page.locator(".dia").nth(1).get_by_role("link", name="Martes 01/12").click()
    await expect(page.get_by_role("heading", name="Dr. Andrés Soto")).to_be_visible()  # every doctor
    await expect(page.locator(".medico").first.locator(".franja-cita")).to_contain_text("Ana Soto")
    await page.screenshot(path=str(artifacts / "calendar-day.png"), full_page=True)
    await _no_violations(page)

    # On her phone: the week is a list of days; she cancels by keyboard, after confirming.
    phone = await context.new_page()
    await phone.set_viewport_size({"width": 390, "height": 844})
    await phone.goto(f"{stack.url}/console/calendario?medico=perez")
    assert await phone.evaluate("document.documentElement.scrollWidth") <= 390
    await phone.screenshot(path=str(artifacts / "calendar-phone.png"), full_page=True)
    await phone.goto(f"{stack.url}/console/calendario/dia?fecha={tomorrow_10.date().isoformat()}")
    cancel = phone.get_by_role("link", name="Anular la cita de Ana Soto, 16:00")
    await cancel.focus()
    await phone.keyboard.press("Enter")
    await expect(phone.get_by_role("heading", name="¿Anular la cita de Ana Soto?")).to_be_visible()
    await phone.get_by_role("button", name="Sí, anular y avisar al paciente").focus()
    await phone.keyboard.press("Enter")
    await expect(phone.get_by_text("Cita anulada")).to_be_visible()
    await expect(phone.locator(".franja-cita")).to_have_count(0)
    await _told(graph, "canceló tu cita")
    await context.close()
