"""The clinic's settings pages on a real PostgreSQL: admins only (reception gets the 403 page), a
refused change shows the clinic file's own message with what was typed and stores nothing, a
saved one is stored and audited, the file goes out and comes in, and blocked numbers are audited
by their keyed hash."""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator
from datetime import time, timedelta

import httpx
import pytest
from litestar.testing import AsyncTestClient

from adapters.clinic_config.toml_file import parse_clinic
from adapters.clinic_config.toml_writer import clinic_document, clinic_toml
from adapters.postgres.audit import PostgresAuditLog
from adapters.postgres.clinics import PostgresClinicDirectory
from adapters.postgres.database import Database
from application.accounts import Accounts
from application.ports import AuditAction
from domain.clinic import TimeRange
from domain.ids import DoctorId
from domain.language import Language
from domain.outreach import Template
from domain.staff import Role
from entrypoints.console import settings_forms as forms
from entrypoints.console import settings_languages as languages
from entrypoints.container import Container
from entrypoints.web import create_app
from tests.integration.staff.test_console_pages import form_token, sign_in
from tests.integration.staff.world import SONRISA, Client

pytestmark = pytest.mark.integration

PAGES = (
    "/console/ajustes",
    "/console/ajustes/doctores",
    "/console/ajustes/doctores/nuevo",
    "/console/ajustes/doctores/perez",
    "/console/ajustes/servicios",
    "/console/ajustes/servicios/nuevo",
    "/console/ajustes/servicios/limpieza",
    "/console/ajustes/preguntas",
    "/console/ajustes/recordatorios",
    "/console/ajustes/idiomas",
    "/console/ajustes/bot",
    "/console/ajustes/archivo",
    "/console/ajustes/archivo/exportar",
)
LOPEZ = {
    "name": "Dra. Inés López",
    "specialty": "Endodoncia",
    "slot_minutes": "40",
    "hours_monday": "09:00-12:00, 14:00-18:00",
    "hours_thursday": "9-13",
    "days_off": "2026-12-24",
}


@pytest.fixture
async def browser(container: Container) -> AsyncIterator[Client]:
    async with AsyncTestClient(app=create_app(container), base_url="https://clinica.test") as client:
        yield client


async def post(browser: Client, page: str, to: str, data: dict[str, str]) -> httpx.Response:
    token = await form_token(browser, page)
    return await browser.post(to, data={**data, "_csrf_token": token}, follow_redirects=False)


def shown_error(page: httpx.Response) -> str:
    found = re.search(r"<code>(.*?)</code>", page.text)
    assert found, page.text
    return html.unescape(found[1])


async def details(database: Database, action: AuditAction) -> list[str]:
    records = await PostgresAuditLog(database).entries(SONRISA.id, before=None, limit=100)
    return [r.entry.detail for r in records if r.entry.action is action]


async def test_reception_gets_the_403_page_and_no_link(browser: Client, accounts: Accounts) -> None:
    await sign_in(browser, accounts, SONRISA, Role.RECEPTION)
    for page in PAGES:
        refused = await browser.get(page)
        assert refused.status_code == 403, page
        assert "Sin permiso" in refused.text
    token = await form_token(browser, "/console/cuenta")
    tried = await browser.post(
        "/console/ajustes/doctores/nuevo", data={**LOPEZ, "_csrf_token": token}, follow_redirects=False
    )
    assert tried.status_code == 403
    assert "Ajustes" not in (await browser.get("/console/")).text


async def test_a_refused_doctor_shows_the_files_message_keeps_the_form_and_stores_nothing(
    browser: Client, accounts: Accounts, database: Database
) -> None:
    await sign_in(browser, accounts, SONRISA, Role.ADMIN)
    assert "Ajustes" in (await browser.get("/console/")).text
    new = "/console/ajustes/doctores/nuevo"
    refused = await post(browser, new, new, LOPEZ)

    assert refused.status_code == 422
    assert shown_error(refused) == 'doctors[3].hours.thursday[0]: "9-13" is not a range like "09:00-13:00"'
    assert 'value="9-13"' in refused.text
    assert 'value="Dra. Inés López"' in refused.text
    stored = await PostgresClinicDirectory(database).get(SONRISA.id)
    assert stored == SONRISA
    assert await details(database, AuditAction.SETTINGS_CHANGED) == []

    saved = await post(browser, new, new, {**LOPEZ, "hours_thursday": "10:00-13:00"})
    assert saved.status_code == 303
    stored = await PostgresClinicDirectory(database).get(SONRISA.id)
    assert stored is not None
    lopez = stored.doctor(DoctorId("dra-ines-lopez"))
    assert lopez is not None
    assert sorted(lopez.hours.ranges) == [0, 3]
    assert await details(database, AuditAction.SETTINGS_CHANGED) == ['doctors: added "dra-ines-lopez"']
    listed = await browser.get("/console/ajustes/doctores")
    assert "Dra. Inés López quedó en la lista de doctores." in listed.text
    assert "09:00-12:00, 14:00-18:00" in listed.text


async def test_services_faq_reminders_and_the_clinic_are_saved_and_audited(
    browser: Client, accounts: Accounts, database: Database
) -> None:
    await sign_in(browser, accounts, SONRISA, Role.ADMIN)
    service = {
        "name": "Endodoncia",
        "minutes": "60",
        "price": "35.000",  # a thousands point is refused, not read as 35
        "currency": "CLP",
        "doctor_soto": "on",
        "synonyms": "endodoncia, tratamiento de conducto",
        "bookable": "on",
    }
    new = "/console/ajustes/servicios/nuevo"
    refused = await post(browser, new, new, service)
    assert refused.status_code == 422
    assert '"35.000" is not a number' in shown_error(refused)
    assert (await post(browser, new, new, {**service, "price": "80000"})).status_code == 303

    faq = "/console/ajustes/preguntas"
    assert (
        await post(browser, faq, faq, {"question": "¿Hay wifi?", "answer": "Sí.", "keywords": "wifi"})
    ).is_redirect
    reminders = "/console/ajustes/recordatorios"
    assert (
        await post(
            browser, reminders, reminders, {"hours_before": "48, 2", "template": "aviso", "language": "es"}
        )
    ).is_redirect
    clinic = {
        "name": "Sonrisa",
        "address": "Av. Providencia 1234",
        "timezone": "America/Santiago",
        "minimum_notice_minutes": "60",
        "booking_horizon_days": "30",
        "closed_on": "2026-12-25, 2027-01-01",
    }
    assert (await post(browser, "/console/ajustes", "/console/ajustes", clinic)).is_redirect

    stored = await PostgresClinicDirectory(database).get(SONRISA.id)
    assert stored is not None
    endodoncia = stored.service("endodoncia")
    assert endodoncia is not None
    assert endodoncia.doctor_ids == ("soto",)
    assert endodoncia.price is not None
    assert endodoncia.price.amount == 80000
    assert stored.faq[-1].question == "¿Hay wifi?"
    assert [o.total_seconds() / 3600 for o in stored.reminders.offsets] == [48, 2]
    assert (stored.name, stored.phone, stored.policy.horizon_days) == ("Sonrisa", None, 30)
    assert await details(database, AuditAction.SETTINGS_CHANGED) == [
        "clinic: name, address, phone, minimum_notice_minutes, booking_horizon_days",
        "reminders: hours_before, template",
        "faq: 4 to 5 entries",
        'services: added "endodoncia"',
    ]


async def test_the_file_is_exported_and_imported_and_a_broken_one_changes_nothing(
    browser: Client, accounts: Accounts, database: Database
) -> None:
    await sign_in(browser, accounts, SONRISA, Role.ADMIN)
    exported = await browser.get("/console/ajustes/archivo/exportar")
    assert exported.status_code == 200
    assert exported.headers["content-disposition"] == 'attachment; filename="sonrisa.toml"'
    assert parse_clinic(exported.text) == SONRISA
    assert await details(database, AuditAction.SETTINGS_EXPORTED) == [""]

    page = "/console/ajustes/archivo"
    broken = clinic_toml(SONRISA).replace("slot_minutes = 45", "slot_minutes = 4")
    token = await form_token(browser, page)
    refused = await browser.post(
        page, data={"_csrf_token": token}, files={"file": ("sonrisa.toml", broken.encode(), "text/plain")}
    )
    assert refused.status_code == 422
    assert "doctors[1].slot_minutes" in shown_error(refused)
    assert await PostgresClinicDirectory(database).get(SONRISA.id) == SONRISA

    renamed = clinic_toml(SONRISA).replace('name = "Clínica Dental Sonrisa"', 'name = "Sonrisa Centro"')
    token = await form_token(browser, page)
    imported = await browser.post(
        page,
        data={"_csrf_token": token},
        files={"file": ("sonrisa.toml", renamed.encode(), "text/plain")},
        follow_redirects=False,
    )
    assert imported.status_code == 303
    stored = await PostgresClinicDirectory(database).get(SONRISA.id)
    assert stored is not None
    assert stored.name == "Sonrisa Centro"
    assert await details(database, AuditAction.SETTINGS_CHANGED) == ["from a file: clinic: name"]
    # This process's cached clinic was forgotten: the very next page shows the new name.
    assert "Sonrisa Centro" in (await browser.get("/console/ajustes")).text


async def test_the_bot_switch_and_blocked_numbers_are_audited_without_the_number(
    browser: Client, accounts: Accounts, database: Database
) -> None:
    await sign_in(browser, accounts, SONRISA, Role.ADMIN)
    page = "/console/ajustes/bot"
    assert (
        await post(browser, page, "/console/ajustes/bot/bloquear", {"number": "+56 9 7777 8888"})
    ).is_redirect
    assert "+56977778888" in (await browser.get(page)).text
    assert (await post(browser, page, page, {"bot": "off"})).is_redirect
    assert "apagado" in (await browser.get(page)).text
    stored = await PostgresClinicDirectory(database).get(SONRISA.id)
    assert stored is not None
    assert (stored.bot_enabled, stored.blocked_numbers) == (False, frozenset({"56977778888"}))

    assert (
        await post(browser, page, "/console/ajustes/bot/desbloquear", {"number": "56977778888"})
    ).is_redirect
    stored = await PostgresClinicDirectory(database).get(SONRISA.id)
    assert stored is not None
    assert stored.blocked_numbers == frozenset()
    records = await PostgresAuditLog(database).entries(SONRISA.id, before=None, limit=100)
    actions = {r.entry.action: r.entry for r in records}
    assert actions[AuditAction.BOT_SWITCHED].detail == "off"
    for action in (AuditAction.NUMBER_BLOCKED, AuditAction.NUMBER_UNBLOCKED):
        assert actions[action].target is not None
        assert "7777" not in (actions[action].target or "") + actions[action].detail


async def test_opening_hours_and_the_hand_off_settings_are_saved_read_back_and_audited(
    browser: Client, accounts: Accounts, database: Database
) -> None:
    await sign_in(browser, accounts, SONRISA, Role.ADMIN)
    page = "/console/ajustes"
    clinic = {
        **forms.clinic_values(clinic_document(SONRISA)["clinic"]),
        **forms.opening_values(None),
        "opening_monday": "09:00-13:00, 15:00-19:00",
        "opening_saturday": "10:00-14",
    }
    refused = await post(browser, page, page, clinic)
    assert refused.status_code == 422
    assert shown_error(refused) == 'opening_hours.saturday[0]: "10:00-14" is not a range like "09:00-13:00"'
    assert "«Sábado»" in refused.text
    assert 'value="09:00-13:00, 15:00-19:00"' in refused.text  # what was typed stays
    assert (await post(browser, page, page, {**clinic, "opening_saturday": "10:00-14:00"})).is_redirect

    bot = "/console/ajustes/bot"
    to = "/console/ajustes/bot/derivacion"
    handoff = {"alert_webhook_url": "http://alertas.example/sonrisa", "return_after_minutes": "45"}
    refused = await post(browser, bot, to, handoff)
    assert refused.status_code == 422
    assert "handoff.alert_webhook_url" in shown_error(refused)
    assert 'value="http://alertas.example/sonrisa"' in refused.text
    saved = await post(browser, bot, to, {**handoff, "alert_webhook_url": "https://alertas.example/sonrisa"})
    assert saved.is_redirect

    stored = await PostgresClinicDirectory(database).get(SONRISA.id)
    assert stored is not None
    assert stored.opening_hours is not None
    assert stored.opening_hours.hours.ranges == {
        0: (TimeRange(time(9), time(13)), TimeRange(time(15), time(19))),
        5: (TimeRange(time(10), time(14)),),
    }
    assert stored.handoff.alert_webhook_url == "https://alertas.example/sonrisa"
    assert stored.handoff.return_after == timedelta(minutes=45)
    assert await details(database, AuditAction.SETTINGS_CHANGED) == [
        "handoff: return_after_minutes, alert_webhook_url",
        "opening_hours: set",
    ]
    # The pages show what is stored.
    shown = (await browser.get(page)).text
    assert 'value="09:00-13:00, 15:00-19:00"' in shown
    assert 'value="10:00-14:00"' in shown
    shown = (await browser.get(bot)).text
    assert 'value="https://alertas.example/sonrisa"' in shown
    assert 'value="45"' in shown
    assert 'value="lista_espera_hora"' in (await browser.get("/console/ajustes/recordatorios")).text


async def test_languages_are_ticked_with_their_templates_and_a_missing_one_is_refused(
    browser: Client, accounts: Accounts, database: Database
) -> None:
    """Needs the clinic's languages and templates per language stored in PostgreSQL."""
    await sign_in(browser, accounts, SONRISA, Role.ADMIN)
    page = "/console/ajustes/idiomas"
    shown = await browser.get(page)
    assert shown.status_code == 200
    assert "Plantillas en inglés" in shown.text
    assert 'value="appointment_reminder"' in shown.text
    typed = languages.language_values(clinic_document(SONRISA))
    before = await PostgresClinicDirectory(database).get(SONRISA.id)

    emptied = {f"pt_reminders_{key}": "" for key in ("template", "waitlist_template", "language")}
    refused = await post(browser, page, page, {**typed, **emptied, "en_reminders_template": "reminder_v2"})
    assert refused.status_code == 422
    assert shown_error(refused).startswith("reminders.pt: missing: the clinic serves Portuguese")
    assert "«Plantillas en portugués (Brasil)»" in refused.text
    assert 'value="reminder_v2"' in refused.text  # what was typed stays
    assert await PostgresClinicDirectory(database).get(SONRISA.id) == before
    assert await details(database, AuditAction.SETTINGS_CHANGED) == []

    unticked = {key: value for key, value in typed.items() if key != "serve_pt"}
    saved = await post(browser, page, page, {**unticked, "en_reminders_template": "reminder_v2"})
    assert saved.status_code == 303
    stored = await PostgresClinicDirectory(database).get(SONRISA.id)
    assert stored is not None
    assert stored.languages == (Language.SPANISH, Language.ENGLISH)
    assert stored.reminders.template_for(Language.ENGLISH) == Template("reminder_v2", "en_US")
    assert stored.reminders.template_for(Language.PORTUGUESE) == Template("lembrete_consulta", "pt_BR")
    assert await details(database, AuditAction.SETTINGS_CHANGED) == [
        "clinic: languages; reminders.en: template"
    ]
    shown = await browser.get(page)
    assert 'name="serve_en" type="checkbox" checked' in shown.text
    assert 'name="serve_pt" type="checkbox" >' in shown.text
    assert "Plantilla en inglés" in (await browser.get("/console/ajustes/recordatorios")).text
