"""A conversation that needs a person, seen in a real browser (issue 25): Debian's Chromium driven
by Playwright against `clinicflow serve` on PostgreSQL and Redis.

The receptionist has the inbox open and turned the browser's notifications on; a patient asks
on WhatsApp for a person: the nav's badge shows it without a reload, the conversation comes first
marked with the reason, and the browser shows a notification that names no patient. Opening the
conversation and answering it ends the wait. Screenshot: ``inbox-alert.png``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests import meta_payloads as meta
from tests.integration.faults.harness import NOW, PHONE_NUMBER_ID, Delivery, Meta, Stack, stack_of
from tests.integration.servers.fake_graph import FakeGraphApi
from tests.integration.servers.redis import RedisServer
from tests.integration.staff.test_console_browser import (
    PASSWORD,
    UNTIL,
    artifacts,
    browser,
    staff_account,
)

__all__ = ["artifacts", "browser"]  # the fixtures, used by name

pytestmark = pytest.mark.integration


@pytest.fixture
def stack(database_url: str, redis: RedisServer, graph: FakeGraphApi) -> Iterator[Stack]:
    with stack_of(database_url, redis.url(), graph) as stack:
        stack.start()
        yield stack


# Every Notification the page creates is recorded (title and body) before it is shown.
RECORD_NOTIFICATIONS = """
(() => {
  const Real = window.Notification;
  window.__notified = [];
  class Recorded extends Real {
    constructor(title, options) {
      super(title, options);
      window.__notified.push({ title: title, body: (options && options.body) || "" });
    }
  }
  Object.defineProperty(Recorded, "permission", { get: () => Real.permission });
  Recorded.requestPermission = (callback) => Real.requestPermission(callback);
  window.Notification = Recorded;
})();
"""


def asks_for_a_person(patient: str) -> Delivery:
    text = "Quiero hablar con una persona, por favor"
    message_id = f"wamid.{time.time_ns():x}.persona"
    payload = meta.text_delivery(PHONE_NUMBER_ID, patient, message_id, text, int(NOW.timestamp()))
    return Delivery(patient, message_id, text, meta.encode(payload))


async def test_a_patient_asking_for_a_person_shows_in_the_badge_and_a_notification(
    stack: Stack, graph: FakeGraphApi, browser: Any, artifacts: Path
) -> None:
    from playwright.async_api import expect

    email = staff_account(stack)
    context = await browser.new_context(locale="es-CL", viewport={"width": 390, "height": 844})
    await context.grant_permissions(["notifications"], origin=stack.url)
    await context.add_init_script(RECORD_NOTIFICATIONS)
    page = await context.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda error: refused.append(str(error)))

    await page.goto(f"{stack.url}/console/login")
    await page.get_by_label("Correo electrónico").fill(email)
    await page.get_by_label("Contraseña").fill(PASSWORD)
    await page.get_by_role("button", name="Entrar").click()
    await expect(page.get_by_role("heading", name="Conversaciones")).to_be_visible()
    # Notifications are allowed already: the page says so and needs no button.
    await expect(page.get_by_text("Avisos del navegador activados.")).to_be_visible()
    await expect(page.locator("#avisos")).to_have_attribute("data-count", "0", timeout=UNTIL)

    patient = "56990000077"
    async with httpx.AsyncClient(timeout=10) as client:
        await Meta(stack).deliver(client, asks_for_a_person(patient))

    badge = page.locator("#avisos .insignia")
    await expect(badge).to_have_text("1 necesita a una persona", timeout=UNTIL)
    first = page.locator(".lista li").first
    await expect(first).to_have_class("necesita", timeout=UNTIL)
    await expect(first).to_contain_text("Pidió hablar con una persona")
    await page.wait_for_function("window.__notified.length > 0", timeout=UNTIL)
    notified = await page.evaluate("window.__notified")
    said = {"title": "Una conversación necesita a una persona", "body": "Pidió hablar con una persona"}
    assert notified == [said]
    assert patient not in str(notified)
    await page.screenshot(path=str(artifacts / "inbox-alert.png"), full_page=True)

    # The patient was told a person will answer.
    told = [b for b in graph.accepted if b.get("to") == f"+{patient}" and b.get("type") == "text"]
    assert any("una persona" in b["text"]["body"] for b in told)

    # Answering ends the wait: the badge empties.
    await page.locator(f'[data-patient="{patient}"]').click()
    await expect(page.get_by_text("Necesita a una persona:")).to_be_visible()
    await page.get_by_label("Responder como la clínica").fill("Hola, le escribe Carla. ¿En qué la ayudo?")
    await page.get_by_role("button", name="Enviar").click()
    await expect(page.get_by_text("Mensaje enviado.")).to_be_visible()
    await expect(page.locator("#avisos")).to_have_attribute("data-count", "0", timeout=UNTIL)
    assert refused == [], "the Content-Security-Policy refused something the console needs"
    await context.close()
