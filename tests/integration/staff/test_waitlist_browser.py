"""The console's "Lista de espera" in a real browser (Debian's Chromium through Playwright) against
`clinicflow serve`: a receptionist opens it from the navigation, at a desktop's and a phone's
width; screenshots ``waitlist.png`` and ``waitlist-phone.png`` go to the test artifacts."""

from __future__ import annotations

import uuid
from datetime import time, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.integration.faults.harness import NOW, Stack, fetch, patient
from tests.integration.staff.test_console_browser import PASSWORD, artifacts, browser, stack, staff_account

pytestmark = pytest.mark.integration
__all__ = ["artifacts", "browser", "stack"]  # the fixtures, used by name


async def test_the_waitlist_page_in_a_browser(stack: Stack, browser: Any, artifacts: Path) -> None:
    from playwright.async_api import expect

    tomorrow = NOW.date() + timedelta(days=1)
    for n, (name, at, part) in enumerate(
        [("Ana López", time(16), None), ("Beto Rojas", None, "morning"), ("Carla Díaz", None, None)]
    ):
        await fetch(
            stack.database_url,
            "INSERT INTO waitlist_entries (id, clinic_id, address_kind, address, person_name, day, at, part,"
            " doctor_id, created_at) SELECT $1, id, 'phone', $2, $3, $4, $5, $6, $7, $8 FROM clinics",
            uuid.uuid4(), patient(n), name, tomorrow + timedelta(days=n // 2), at, part,
            "perez" if n == 0 else None, NOW - timedelta(minutes=30 - n),
        )  # fmt: skip
    email = staff_account(stack)
    refused: list[str] = []  # what the Content-Security-Policy blocked: nothing
    for width, height, shot in ((1280, 800, "waitlist.png"), (390, 844, "waitlist-phone.png")):
        context = await browser.new_context(locale="es-CL", viewport={"width": width, "height": height})
        page = await context.new_page()
        page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
        await page.goto(f"{stack.url}/console/login")
        await page.get_by_label("Correo electrónico").fill(email)
        await page.get_by_label("Contraseña").fill(PASSWORD)
        await page.get_by_role("button", name="Entrar").click()
        await expect(page.get_by_role("heading", name="Conversaciones")).to_be_visible()
        await page.get_by_role("link", name="Lista de espera").click()
        await expect(page.get_by_role("heading", name="Lista de espera")).to_be_visible()
        await expect(page.get_by_role("link", name="Ana López")).to_be_visible()
        await expect(page.get_by_text("en la mañana")).to_be_visible()
        await page.screenshot(path=str(artifacts / shot), full_page=True)
        assert refused == []
        await context.close()
