"""The Panel in a real browser: Debian's Chromium driven by Playwright against `clinicflow serve` on
PostgreSQL. A read-only account opens it from the menu, switches to weeks, reads a chart's figures
in its table, by keyboard, at a desk's width and at a phone's; the CSP refuses nothing and axe-core
finds nothing wrong in the charts. Screenshots: dashboard.png and dashboard-phone.png."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.integration.faults.harness import Stack, stack_of
from tests.integration.servers.fake_graph import FakeGraphApi
from tests.integration.servers.redis import RedisServer
from tests.integration.staff.test_console_browser import (
    ARTIFACTS,
    PASSWORD,
    browser,
    form_post,
    invitation,
)
from tests.integration.staff.test_console_panel import recorded

__all__ = ["browser"]  # the fixtures, used by name

pytestmark = pytest.mark.integration


@pytest.fixture
def stack(database_url: str, redis: RedisServer, graph: FakeGraphApi) -> Iterator[Stack]:
    with stack_of(database_url, redis.url(), graph) as stack:
        stack.start()
        yield stack


def read_only_account(stack: Stack) -> str:
    email = "lectura@sonrisa.cl"
    link = invitation(stack, email, "Lucía Lectura", role="read_only")
    accepted = form_post(stack, link, {"password": PASSWORD, "again": PASSWORD})
    assert accepted.status_code == 200, accepted.text
    return email


async def opened(
    browser: Any, stack: Stack, email: str, width: int, height: int
) -> tuple[Any, Any, list[str]]:
    context = await browser.new_context(locale="es-CL", viewport={"width": width, "height": height})
    page = await context.new_page()
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
    return context, page, refused


async def test_a_read_only_account_reads_the_panel_at_a_desk_and_on_a_phone(
    stack: Stack, browser: Any, database_url: str
) -> None:
    from axe_playwright_python.async_playwright import Axe  # type: ignore[import-untyped]
    from playwright.async_api import expect

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    await recorded(database_url)
    email = read_only_account(stack)

    context, page, refused = await opened(browser, stack, email, 1280, 900)
    await page.get_by_role("link", name="Panel").click()
    await expect(page.get_by_role("heading", name="Panel", exact=True)).to_be_visible()
    bookings = page.get_by_role("img", name="Citas reservadas, por el asistente y por el personal")
    await expect(bookings).to_be_visible()
    section = page.locator("section", has=bookings)
    await section.locator("summary").focus()
    await page.keyboard.press("Enter")  # the figures open by keyboard
    await expect(section.get_by_role("row", name="sáb 28/11/2026")).to_contain_text("3")
    results = await Axe().run(page, context=".panel-grafico")
    assert results.violations_count == 0, results.generate_report()
    await page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
    await page.get_by_role("link", name="Últimas 12 semanas, por semana").click()
    await expect(page.get_by_role("link", name="Últimas 12 semanas, por semana")).to_have_attribute(
        "aria-current", "page"
    )
    weekly = page.locator(
        "section", has=page.get_by_role("img", name="Citas reservadas, por el asistente y por el personal")
    )
    await weekly.locator("summary").click()
    await expect(weekly.get_by_role("row", name="Semana del 23/11/2026")).to_contain_text("3")
    assert refused == [], "the Content-Security-Policy refused something the panel needs"
    await context.close()

    context, page, refused = await opened(browser, stack, email, 390, 844)
    await page.goto(f"{stack.url}/console/panel")
    await expect(page.get_by_role("img", name="Conversaciones", exact=True)).to_be_visible()
    overflow = await page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, "the panel scrolls sideways at a phone's width"
    chart_width = await page.get_by_role("img", name="Conversaciones", exact=True).evaluate(
        "e => e.getBoundingClientRect().width"
    )
    assert 300 <= chart_width <= 390
    await page.screenshot(path=str(ARTIFACTS / "dashboard-phone.png"), full_page=True)
    assert refused == []
    await context.close()
