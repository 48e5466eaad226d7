"""Every page of the console, in a real browser (Debian's Chromium driven by Playwright) against
`clinicflow serve` on PostgreSQL and Redis, at a desktop's width (1280 x 800) and a phone's
(390 x 844):

- a full-page screenshot, test-artifacts/<page>.png and <page>-phone.png;
- axe-core's WCAG 2.0 and 2.1 A and AA rules find nothing (contrast, labels, names, landmarks...);
- the page never scrolls sideways (only the elements meant to scroll may, each page says which);
- by keyboard, Tab reaches every control in the order of the page, and each shows that it has the
  focus (its outline or shadow changes).

The pages are a registry, ``PAGES``: one line a page (its name, how to reach it, who signs in),
so a new page is checked by adding its line. One server stack serves the whole module.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import struct
import time
import uuid
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import asyncpg
import httpx
import pyotp
import pytest
import pytest_asyncio

from tests import meta_payloads as meta
from tests.integration.conftest import TEMPLATE
from tests.integration.faults.harness import (
    NOW,
    PHONE_NUMBER_ID,
    Delivery,
    Meta,
    Stack,
    fetch,
    patient,
    settled,
    stack_of,
)
from tests.integration.faults.harness import deliveries as streams
from tests.integration.servers.fake_graph import FakeGraphApi, fake_graph_api
from tests.integration.servers.postgres import PostgresServer
from tests.integration.servers.redis import RedisServer
from tests.integration.staff.test_console_browser import (
    ARTIFACTS,
    PASSWORD,
    form_post,
    invitation,
    launched_chromium,
    staff_account,
    staff_key,
)

pytestmark = pytest.mark.integration
ON_THE_MODULES_LOOP = pytest.mark.asyncio(loop_scope="module")  # the browser and the site are the module's

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# axe-core's best practices on a page's structure, checked too: landmarks and headings in order.
STRUCTURE = ["heading-order", "landmark-one-main", "page-has-heading-one", "region", "empty-heading"]
# The console polls these every 3 s: answered "nothing new" (204, htmx swaps nothing) so that a
# swap never moves the focus while Tab walks the page, nor changes it under axe or a screenshot.
RING = 3  # the least contrast of a focus outline with what is around it (WCAG 2.2's 1.4.11, 2.4.13)
POLLS = re.compile(r"/console/(conversations|c/[^/]+/history)$")
ALERTS = re.compile(r"/console/alerts$")  # the nav's badge: loaded once, then "nothing new"


# --- what the pages need ------------------------------------------------------------------------


@dataclass
class Site:
    """The server and what was made on it for the pages to show."""

    stack: Stack
    patient: str = ""  # a patient's path, whose conversation has a history and a photo
    booked: str = ""  # a patient's path, who booked with the bot: a long history, no photo
    invitation: str = ""  # a pending invitation's link
    two_step: str = ""  # the e-mail of an account with the second factor on
    appointment: str = ""  # the id of Ana's appointment, tomorrow at 10:00
    tomorrow: str = ""  # tomorrow's date (ISO), the day of that appointment
    roles: dict[str, Any] = field(default_factory=dict)  # role -> Playwright storage state

    @property
    def url(self) -> str:
        return self.stack.url


Reach = Callable[[Site, Any], Awaitable[None]]


@dataclass(frozen=True)
class Page:
    """One page of the console: ``name`` names its screenshots; ``reach`` is its path (formatted
    with the ``Site``'s fields, e.g. ``/console/c/{patient}``) or a function that takes a signed-in
    Playwright page there; ``role`` signs in first (None: nobody); ``status`` is what the path
    answers; ``scrolls`` are the CSS selectors of the elements meant to scroll sideways."""

    name: str
    reach: str | Reach
    role: str | None = "reception"
    status: int = 200
    scrolls: tuple[str, ...] = ()


async def code_page(site: Site, page: Any) -> None:
    """Signed in with the password of an account with two steps on: the code is asked next."""
    await page.goto(f"{site.url}/console/login")
    await page.get_by_label("Correo electrónico").fill(site.two_step)
    await page.get_by_label("Contraseña").fill(PASSWORD)
    await page.get_by_role("button", name="Entrar").click()
    await page.get_by_role("heading", name="Código de verificación").wait_for()


async def two_step_setup(site: Site, page: Any) -> None:
    """My account, the second factor being set up: its key, its link and the code to confirm."""
    await page.goto(f"{site.url}/console/cuenta")
    await page.get_by_role("button", name="Activar la verificación en dos pasos").click()
    await page.get_by_label("Clave").wait_for()


async def inbox_alert(site: Site, page: Any) -> None:
    """The inbox with a conversation that needs a person: the nav's badge, and the reason on it."""
    await page.goto(f"{site.url}/console/")
    await page.locator("#avisos .insignia").wait_for()
    await page.get_by_text("Pidió hablar con una persona").wait_for()


# One line a page.
PAGES = [
    Page("login", "/console/login", role=None),
    Page("invitation", "{invitation}", role=None),
    Page("code", code_page, role=None),
    Page("inbox", "/console/"),
    Page("conversation", "/console/c/{patient}", role="admin", scrolls=(".chat",)),
    Page("conversation-booked", "/console/c/{booked}", scrolls=(".chat",)),
    Page("agenda", "/console/agenda?dias=7"),
    Page("requests", "/console/solicitudes"),
    Page("team", "/console/equipo", role="admin"),
    Page("audit", "/console/registro", role="admin"),
    Page("account", "/console/cuenta"),
    Page("account-two-step", two_step_setup, role="admin"),
    Page("erase", "/console/c/{patient}/borrar", role="admin"),
    Page("inbox-alert", inbox_alert),
    Page("calendar", "/console/calendario"),
    Page("calendar-doctor", "/console/calendario?medico=perez"),
    Page("calendar-day", "/console/calendario/dia?fecha={tomorrow}"),
    Page("calendar-appointment", "/console/calendario/citas/{appointment}"),
    Page("calendar-cancel", "/console/calendario/citas/{appointment}/anular"),
    Page("dashboard", "/console/panel"),
    Page("dashboard-weeks", "/console/panel?por=semana"),
    Page("waitlist", "/console/lista-espera"),
    Page("settings", "/console/ajustes", role="admin"),
    Page("settings-doctors", "/console/ajustes/doctores", role="admin"),
    Page("settings-doctor", "/console/ajustes/doctores/perez", role="admin"),
    Page("settings-doctor-new", "/console/ajustes/doctores/nuevo", role="admin"),
    Page("settings-services", "/console/ajustes/servicios", role="admin"),
    Page("settings-service", "/console/ajustes/servicios/limpieza", role="admin"),
    Page("settings-service-new", "/console/ajustes/servicios/nuevo", role="admin"),
    Page("settings-faq", "/console/ajustes/preguntas", role="admin"),
    Page("settings-reminders", "/console/ajustes/recordatorios", role="admin"),
    Page("settings-bot", "/console/ajustes/bot", role="admin"),
    Page("settings-languages", "/console/ajustes/idiomas", role="admin"),
    Page("settings-file", "/console/ajustes/archivo", role="admin"),
    Page("error-403", "/console/equipo", status=403),
    Page("error-404", "/console/c/56999999999", status=404),
]


# --- the stack, once for the module ---------------------------------------------------------------


@contextmanager
def module_database(postgres: PostgresServer) -> Iterator[str]:
    """A database of this module's own, at the current schema (as ``database_url`` makes one a test)."""

    async def run(statement: str) -> None:
        admin = await asyncpg.connect(postgres.url())
        try:
            await admin.execute(statement)
        finally:
            await admin.close()

    name = f"test_{uuid.uuid4().hex[:16]}"
    asyncio.run(run(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}"'))
    try:
        yield postgres.url(name)
    finally:
        asyncio.run(run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="module")
def graph_once() -> Iterator[FakeGraphApi]:
    with fake_graph_api() as fake:
        yield fake


@pytest.fixture(scope="module")
def stack_once(
    postgres: PostgresServer, migrated_template: str, redis: RedisServer, graph_once: FakeGraphApi
) -> Iterator[Stack]:
    with module_database(postgres) as url, stack_of(url, redis.url(), graph_once) as stack:
        stack.start()
        yield stack


def png(width: int = 160, height: int = 120) -> bytes:
    """A small real PNG (a photo of a prescription, as far as the page can tell)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes((200, 220, 240)) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def said(who: str, message_id: str, timestamp: int, kind: str, **content: Any) -> Delivery:
    item = meta.message(who, message_id, timestamp, kind) | content
    body = meta.encode(meta.single_message_delivery(PHONE_NUMBER_ID, item))
    return Delivery(who, message_id, kind, body)


async def conversations(stack: Stack, graph: FakeGraphApi) -> tuple[str, str]:
    """A patient who wrote, sent a photo and was answered by the bot (her conversation's path), one
    who booked with the bot, and one who asked for a person (her conversation needs one)."""
    ana = patient(0)  # she answered the privacy notice before
    graph.keep("media-receta", png(), "image/png")
    start = int(NOW.timestamp())
    deliveries = [
        said(ana, "wamid.every.1", start, "text", text={"body": "Hola, quiero agendar una hora"}),
        said(
            ana,
            "wamid.every.2",
            start + 1,
            "image",
            image={"id": "media-receta", "mime_type": "image/png", "caption": "mi receta"},
        ),
        said(
            patient(7),
            "wamid.every.3",
            start + 2,
            "text",
            text={"body": "Quiero hablar con una persona, por favor"},
        ),
    ]
    [booking] = streams(2)[1:]  # and Beto booked with the bot: his state shows, in green
    async with httpx.AsyncClient(timeout=10) as client:
        for delivery in deliveries:
            await Meta(stack).deliver(client, delivery)
        await Meta(stack).stream(client, booking)
    await settled(stack.database_url)
    return ana, booking[0].patient


async def signed_in(browser: Any, site: Site, email: str) -> Any:
    """A browser context signed in as ``email``."""
    context = await browser.new_context(locale="es-CL")
    page = await context.new_page()
    await page.goto(f"{site.url}/console/login")
    await page.get_by_label("Correo electrónico").fill(email)
    await page.get_by_label("Contraseña").fill(PASSWORD)
    await page.get_by_role("button", name="Entrar").click()
    await page.get_by_role("heading", name="Conversaciones").wait_for()
    return context


async def turn_on_two_steps(browser: Any, site: Site, email: str) -> None:
    """The account confirms a second factor, with a code made at the server's own clock."""
    context = await signed_in(browser, site, email)
    page = context.pages[0]
    await two_step_setup(site, page)
    secret = await page.get_by_label("Clave").input_value()
    assert site.stack.first_started is not None
    server_now = NOW + timedelta(seconds=time.monotonic() - site.stack.first_started)
    await page.get_by_label("Código").fill(pyotp.TOTP(secret).at(server_now))
    await page.get_by_role("button", name="Confirmar").click()
    await page.get_by_text("La verificación en dos pasos está activada").wait_for()
    await context.close()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser() -> AsyncIterator[Any]:
    async with launched_chromium() as chromium:
        yield chromium


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def site(stack_once: Stack, graph_once: FakeGraphApi, browser: Any) -> Site:
    """The clinic with something on every page: an admin, a receptionist, an account with two
    steps, a pending invitation, a conversation with a photo, an appointment, a request."""
    site = Site(stack_once)
    admin_link = invitation(stack_once, "jefa@sonrisa.cl", "Jefa Morales", "admin")
    accepted = form_post(stack_once, admin_link, {"password": PASSWORD, "again": PASSWORD})
    assert accepted.status_code == 200, accepted.text
    reception = staff_account(stack_once)
    site.two_step = staff_account(stack_once, "diego@sonrisa.cl", "Diego Vega")
    site.invitation = invitation(stack_once, "elena@sonrisa.cl", "Elena Muñoz")
    site.patient, site.booked = await conversations(stack_once, graph_once)

    key = staff_key(stack_once)
    starts = (NOW + timedelta(days=1)).replace(hour=10).isoformat()
    site.tomorrow = (NOW + timedelta(days=1)).date().isoformat()
    for n, (name, at, part) in enumerate(
        [("Carla Díaz", dt.time(16), None), ("Hugo Rojas", None, "morning")]
    ):
        await fetch(
            stack_once.database_url,
            "INSERT INTO waitlist_entries (id, clinic_id, address_kind, address, person_name, day, at, part,"
            " doctor_id, created_at) SELECT $1, id, 'phone', $2, $3, $4, $5, $6, $7, $8 FROM clinics",
            uuid.uuid4(), patient(20 + n), name, NOW.date() + timedelta(days=1 + n), at, part,
            "perez" if n == 0 else None, NOW - timedelta(minutes=30 - n),
        )  # fmt: skip
    async with httpx.AsyncClient(
        base_url=site.url, timeout=10, headers={"Authorization": f"Bearer {key}"}
    ) as api:
        booked = await api.post(
            "/api/v1/appointments",
            json={
                "doctor_id": "perez",
                "starts_at": starts,
                "patient": site.patient,
                "patient_name": "Ana Soto",
            },
        )
        assert booked.status_code == 201, booked.text
        site.appointment = booked.json()["id"]
        taken = await api.post("/api/v1/privacy-requests", json={"patient": site.patient, "kind": "access"})
        assert taken.status_code == 201, taken.text

    await turn_on_two_steps(browser, site, site.two_step)
    for role, email in (("admin", "jefa@sonrisa.cl"), ("reception", reception)):
        context = await signed_in(browser, site, email)
        site.roles[role] = await context.storage_state()
        await context.close()
    return site


# --- the checks ------------------------------------------------------------------------------------

_DESCRIBE = """
const describe = el => {
  let text = el.tagName.toLowerCase();
  if (el.id) text += '#' + el.id;
  for (const c of el.classList) text += '.' + c;
  const said = (el.getAttribute('aria-label') || el.innerText || el.value || '').trim().slice(0, 40);
  return said ? `${text} "${said}"` : text;
};
"""

_FOCUSABLE = (
    _DESCRIBE
    + """
const focusables = () => [...document.querySelectorAll(
  'a[href], button, input, select, textarea, summary, iframe, audio[controls], video[controls], '
  + '[tabindex], [contenteditable="true"]')].filter(el =>
    el.tabIndex >= 0 && !el.disabled && !(el.tagName === 'INPUT' && el.type === 'hidden')
    && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden'
    && !el.closest('[inert]'));
const rgb = text => {
  const m = text.match(/rgba?\\(([\\d.]+),? ([\\d.]+),? ([\\d.]+)(?:,? \\/? ?([\\d.]+))?/);
  return m ? {c: [m[1], m[2], m[3]].map(Number), a: m[4] === undefined ? 1 : Number(m[4])} : null; };
const luminance = c => { const [r, g, b] = c.map(v => { v /= 255;
  return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
const behind = el => { for (let p = el.parentElement; p; p = p.parentElement) {
  const bg = rgb(getComputedStyle(p).backgroundColor); if (bg && bg.a > 0) return bg.c; }
  return [255, 255, 255]; };
const contrast = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05); };
const look = el => { const s = getComputedStyle(el);
  const none = s.outlineStyle === 'none' || parseFloat(s.outlineWidth) === 0;
  const color = rgb(s.outlineColor);
  return {outline: none ? 'none' : `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
          shadow: s.boxShadow,
          // the outline is drawn around the element, on what is behind it
          ring: none || !color ? null : Math.round(contrast(color.c, behind(el)) * 100) / 100}; };
"""
)


async def axe_violations(page: Any) -> list[str]:
    """axe-core's WCAG 2.0/2.1 A and AA violations (and its best practices of ``STRUCTURE``), one
    readable line per element."""
    from axe_playwright_python.async_playwright import Axe  # type: ignore[import-untyped]

    axe = Axe()
    await page.evaluate(axe.axe_script)
    rules = await page.evaluate("tags => axe.getRules(tags).map(rule => rule.ruleId)", WCAG)
    results = await axe.run(page, options={"runOnly": {"type": "rule", "values": rules + STRUCTURE}})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {' '.join(map(str, n['target']))}"
        + (f": {n['failureSummary'].splitlines()[-1].strip()}" if n.get("failureSummary") else "")
        for v in results.response["violations"]
        for n in v["nodes"]
    ]


async def sideways(page: Any, scrolls: tuple[str, ...]) -> list[str]:
    """What makes the page scroll sideways at its width, and what scrolls sideways unexpectedly."""
    found: dict[str, Any] = await page.evaluate(
        "(scrolls) => {"
        + _DESCRIBE
        + """
  const width = document.documentElement.clientWidth;
  const inside = el => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return true; } return false; };
  const all = [...document.body.querySelectorAll('*')];
  return {
    scrollWidth: document.scrollingElement.scrollWidth, width,
    wide: all.filter(el => el.getBoundingClientRect().right > width + 1 && !inside(el)).map(describe),
    scrolling: all.filter(el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX)
                                && el.scrollWidth > el.clientWidth + 1
                                && !scrolls.some(s => el.matches(s))).map(describe),
  };
}""",
        list(scrolls),
    )
    problems = [f"scrolls sideways inside {element}" for element in found["scrolling"]]
    if found["scrollWidth"] > found["width"]:
        problems.append(
            f"the page is {found['scrollWidth']} px wide in a {found['width']} px window: "
            + ", ".join(found["wide"][:8])
        )
    return problems


async def keyboard(page: Any) -> list[str]:
    """Tab from the top: every control in the order of the page, each showing it has the focus."""
    controls: list[dict[str, Any]] = await page.evaluate(
        "() => {"
        + _FOCUSABLE
        + """
  const start = document.createElement('span');  // Tab starts after it: the top of the page
  start.tabIndex = -1; start.id = 'kb-start'; document.body.prepend(start);
  if (document.activeElement) document.activeElement.blur();
  const found = focusables().map(el =>
    ({name: describe(el), media: !!el.closest('audio, video'), ...look(el)}));
  start.focus();
  return found;
}"""
    )
    problems: list[str] = []
    reached: list[int] = []
    for _ in range(len(controls) * 4 + 4):  # a media element's controls take several stops
        if reached and reached[-1] == len(controls) - 1:
            break
        await page.keyboard.press("Tab")
        now: dict[str, Any] = await page.evaluate(
            "() => {"
            + _FOCUSABLE
            + "const el = document.activeElement; return {index: focusables().indexOf(el), ...look(el)}; }"
        )
        index = now["index"]
        if reached and index == reached[-1]:
            continue
        reached.append(index)
        if index < 0:
            continue
        control = controls[index]
        unchanged = (now["outline"], now["shadow"]) == (control["outline"], control["shadow"])
        if unchanged and not control["media"]:
            problems.append(f"no visible focus on {control['name']}")
        elif now["shadow"] == control["shadow"] and now["ring"] is not None and now["ring"] < RING:
            ring = f"{now['ring']}:1"
            problems.append(f"the focus outline of {control['name']} is {ring} against its background")
    order = [i for i in reached if i >= 0]
    if order != list(range(len(controls))):
        problems.append(
            "Tab does not go through the controls in order: "
            + " → ".join(controls[i]["name"] if i >= 0 else "(outside the page)" for i in reached[:40])
        )
    return problems


async def check(site: Site, browser: Any, entry: Page, viewport: dict[str, int], suffix: str) -> None:
    state = site.roles[entry.role] if entry.role else None
    context = await browser.new_context(locale="es-CL", viewport=viewport, storage_state=state)
    await context.route(POLLS, lambda route: route.fulfill(status=204))
    badge: list[str] = []

    async def alerts(route: Any) -> None:
        if badge:
            await route.fulfill(status=204)
        else:
            badge.append(route.request.url)
            await route.continue_()

    await context.route(ALERTS, alerts)
    page = await context.new_page()
    try:
        if isinstance(entry.reach, str):
            response = await page.goto(site.url + entry.reach.format_map(vars(site)))
            assert response is not None
            assert response.status == entry.status, f"{entry.name}: {response.status}"
        else:
            await entry.reach(site, page)
        await page.wait_for_load_state("load")
        await page.screenshot(path=str(ARTIFACTS / f"{entry.name}{suffix}.png"), full_page=True)
        problems = await axe_violations(page)
        problems += await sideways(page, entry.scrolls)
        problems += await keyboard(page)
    finally:
        await context.close()
    if problems:
        where = f"{entry.name}{suffix} at {viewport['width']} px"
        pytest.fail(f"{where}:\n  " + "\n  ".join(problems), pytrace=False)


@pytest.fixture(scope="module", autouse=True)
def artifacts() -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)


@ON_THE_MODULES_LOOP
@pytest.mark.parametrize("entry", PAGES, ids=[p.name for p in PAGES])
async def test_a_page_at_a_desktops_width(site: Site, browser: Any, entry: Page) -> None:
    await check(site, browser, entry, DESKTOP, "")


@ON_THE_MODULES_LOOP
@pytest.mark.parametrize("entry", PAGES, ids=[p.name for p in PAGES])
async def test_a_page_at_a_phones_width(site: Site, browser: Any, entry: Page) -> None:
    await check(site, browser, entry, PHONE, "-phone")


def test_every_page_has_its_own_screenshot_name() -> None:
    names = [p.name for p in PAGES]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[a-z0-9-]+", name) for name in names)


@ON_THE_MODULES_LOOP
async def test_the_checks_find_what_they_look_for(browser: Any) -> None:
    """A page made wrong on purpose: each check names what is wrong with it."""
    context = await browser.new_context(viewport=PHONE)
    page = await context.new_page()
    await page.set_content(
        '<!doctype html><html lang="es"><head><title>Mal</title><style>'
        ".tenue { color: #bbb } .sin-foco:focus { outline: none } .ancho { width: 600px }"
        ".poco:focus-visible { outline: 2px solid #eee }</style></head>"
        '<body><main><h1>Mal</h1><p class="tenue">Apenas se lee.</p><input id="sin-nombre">'
        '<button class="sin-foco">Ir</button><button class="poco">Ver</button>'
        '<div class="ancho">Ancho</div></main></body></html>'
    )
    try:
        found = "\n".join(await axe_violations(page) + await sideways(page, ()) + await keyboard(page))
    finally:
        await context.close()
    assert "color-contrast (serious)" in found
    assert "label (critical)" in found
    assert re.search(r"the page is \d+ px wide in a 390 px window: .*div.ancho", found), found
    assert 'no visible focus on button.sin-foco "Ir"' in found
    assert 'the focus outline of button.poco "Ver" is 1.16:1 against its background' in found
