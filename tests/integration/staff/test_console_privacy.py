"""Patients' rights in the console, on a real PostgreSQL (issue 24): the register of requests on
*Solicitudes* (a request taken at the desk, the soonest due first, the overdue and the nearly due
marked, one marked answered), a patient's data downloaded as the staff API's JSON, and an admin's
erasure behind its confirmation page; each done as the signed-in account, in the audit log, and
refused to a role that may not."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from litestar.testing import AsyncTestClient

from adapters.memory.clock import FixedClock
from application.accounts import Accounts
from application.ports import ActorKind, AuditAction, AuditEntry
from application.staff import StaffAccess
from domain.ids import PatientAddress
from domain.staff import Role
from entrypoints.container import Container
from entrypoints.web import create_app
from tests.integration.staff.test_console_admin import post
from tests.integration.staff.test_console_pages import sign_in
from tests.integration.staff.test_patient_rights_api import booked
from tests.integration.staff.world import ANA, BETO, NOW, SONRISA, Client, Patient, key_of

pytestmark = pytest.mark.integration

_ROW = re.compile(r'<li class="cita solicitud[^"]*" data-request="([^"]+)">(.*?)</li>', re.S)


@pytest.fixture
async def browser(container: Container) -> AsyncIterator[Client]:
    async with AsyncTestClient(app=create_app(container), base_url="https://clinica.test") as client:
        yield client


def rows(page: str) -> list[tuple[str, str]]:
    """Each request on the page: its id and its text, tags and spacing dropped."""
    return [(id_, " ".join(re.sub(r"<[^>]+>", " ", body).split())) for id_, body in _ROW.findall(page)]


async def entries(accounts: Accounts, action: AuditAction) -> list[AuditEntry]:
    return [r.entry for r in await accounts.audit.entries(SONRISA.id) if r.entry.action is action]


async def test_requests_show_the_soonest_due_first_and_leave_the_list_once_answered(
    browser: Client, container: Container, accounts: Accounts, access: StaffAccess
) -> None:
    await Patient(browser, container, ANA).says("Hola")
    clock = container.clock()
    assert isinstance(clock, FixedClock)
    api = await key_of(access, SONRISA)
    for days, patient, kind in ((20, BETO, "erasure"), (30, ANA, "access")):
        clock.set(NOW - timedelta(days=days))  # Chile: 15 business days, so due 1 December, 20 November
        taken = await browser.post(
            "/api/v1/privacy-requests", json={"patient": patient, "kind": kind}, headers=api
        )
        assert taken.status_code == 201, taken.text
    clock.set(NOW)
    carla = await sign_in(browser, accounts, SONRISA, Role.RECEPTION)

    desk = await post(
        browser,
        "/console/solicitudes",
        "/console/solicitudes",
        {"patient": f"+{ANA[:2]} {ANA[2:3]} {ANA[3:7]}-{ANA[7:]}", "kind": "objection"},
    )
    assert desk.status_code == 303, desk.text
    page = await browser.get("/console/solicitudes")
    assert "Solicitud de oposición anotada: vence el 21/12/2026." in page.text
    shown = rows(page.text)
    assert [text for _, text in shown] == [
        f"Acceso +{ANA} API · recibida el 31/10/2026 · vence el 20/11/2026 vencida Marcar respondida",
        f"Supresión +{BETO} API · recibida el 10/11/2026 · vence el 01/12/2026 vence pronto"
        " Marcar respondida",
        f"Oposición +{ANA} Consola · recibida el 30/11/2026 · vence el 21/12/2026 Marcar respondida",
    ]
    assert f'href="/console/c/{ANA}"' in page.text
    assert 'aria-current="page">Solicitudes</a>' in page.text

    overdue = shown[0][0]
    done = await post(browser, "/console/solicitudes", f"/console/solicitudes/{overdue}/respondida", {})
    assert done.status_code == 303
    after = await browser.get("/console/solicitudes")
    assert "Solicitud de acceso respondida." in after.text
    assert [id_ for id_, _ in rows(after.text)] == [shown[1][0], shown[2][0]]
    every = rows((await browser.get("/console/solicitudes", params={"todas": "true"})).text)
    assert len(every) == 3
    assert next(text for id_, text in every if id_ == overdue).endswith("respondida el 30/11/2026")

    [received] = [
        e for e in await entries(accounts, AuditAction.PRIVACY_REQUEST_RECEIVED) if e.channel == "console"
    ]
    [answered] = await entries(accounts, AuditAction.PRIVACY_REQUEST_ANSWERED)
    for entry in (received, answered):
        assert entry.actor.kind is ActorKind.ACCOUNT
        assert entry.actor.id == carla.id
        assert entry.target == container.pseudonyms().patient(PatientAddress(ANA))
        assert ANA not in f"{entry}"
    assert received.detail == "objection"


async def test_a_read_only_account_sees_the_requests_and_changes_nothing(
    browser: Client, container: Container, accounts: Accounts, access: StaffAccess
) -> None:
    await Patient(browser, container, ANA).says("Hola")
    taken = await browser.post(
        "/api/v1/privacy-requests",
        json={"patient": ANA, "kind": "access"},
        headers=await key_of(access, SONRISA),
    )
    request_id = taken.json()["id"]
    await sign_in(browser, accounts, SONRISA, Role.READ_ONLY)
    page = await browser.get("/console/solicitudes")
    assert [id_ for id_, _ in rows(page.text)] == [request_id]
    assert "Marcar respondida" not in page.text
    assert "Anotar solicitud" not in page.text
    conversation = await browser.get(f"/console/c/{ANA}")
    assert "Descargar datos" not in conversation.text
    assert "Borrar datos del paciente" not in conversation.text

    refused = await post(browser, "/console/solicitudes", f"/console/solicitudes/{request_id}/respondida", {})
    assert refused.status_code == 403
    assert "Sin permiso" in refused.text
    refused = await post(
        browser, "/console/solicitudes", "/console/solicitudes", {"patient": ANA, "kind": "access"}
    )
    assert refused.status_code == 403
    for page_ in (f"/console/c/{ANA}/datos", f"/console/c/{ANA}/borrar"):
        assert (await browser.get(page_)).status_code == 403, page_
    assert (await post(browser, "/console/solicitudes", f"/console/c/{ANA}/borrar", {})).status_code == 403
    assert [id_ for id_, _ in rows((await browser.get("/console/solicitudes")).text)] == [request_id]
    assert (await browser.get(f"/console/c/{ANA}")).status_code == 200  # not erased


async def test_reception_downloads_the_patients_data_as_the_apis_json(
    browser: Client, container: Container, accounts: Accounts, access: StaffAccess
) -> None:
    await booked(browser, container)
    carla = await sign_in(browser, accounts, SONRISA, Role.RECEPTION)
    conversation = await browser.get(f"/console/c/{ANA}")
    assert f'href="/console/c/{ANA}/datos"' in conversation.text
    assert "Borrar datos del paciente" not in conversation.text  # an admin's
    download = await browser.get(f"/console/c/{ANA}/datos")
    assert download.status_code == 200, download.text
    assert download.headers["content-type"].startswith("application/json")
    assert download.headers["content-disposition"] == f'attachment; filename="datos-{ANA}.json"'
    api = await browser.get(f"/api/v1/patients/{ANA}/export", headers=await key_of(access, SONRISA))
    assert download.json() == api.json()
    assert download.json()["appointments"][0]["patient_name"] == "Ana López"

    [exported, _] = await entries(
        accounts, AuditAction.PATIENT_EXPORTED
    )  # newest first: the API's, then hers
    assert (exported.actor.kind, exported.channel) == (ActorKind.API_KEY, "api")
    [mine] = [e for e in await entries(accounts, AuditAction.PATIENT_EXPORTED) if e.channel == "console"]
    assert mine.actor.id == carla.id
    assert mine.target == container.pseudonyms().patient(PatientAddress(ANA))

    refused = await browser.get(f"/console/c/{ANA}/borrar")
    assert refused.status_code == 403
    assert (await post(browser, f"/console/c/{ANA}", f"/console/c/{ANA}/borrar", {})).status_code == 403


async def test_an_admin_erases_a_patient_after_reading_what_goes_and_what_stays(
    browser: Client, container: Container, accounts: Accounts
) -> None:
    await booked(browser, container)
    jefa = await sign_in(browser, accounts, SONRISA, Role.ADMIN)
    await post(browser, "/console/solicitudes", "/console/solicitudes", {"patient": ANA, "kind": "erasure"})
    conversation = await browser.get(f"/console/c/{ANA}")
    assert f'href="/console/c/{ANA}/borrar"' in conversation.text
    confirm = await browser.get(f"/console/c/{ANA}/borrar")
    assert confirm.status_code == 200
    text = " ".join(re.sub(r"<[^>]+>", " ", confirm.text).split())
    assert "Sus mensajes y el historial de la conversación." in text
    assert "Su próxima cita se anula" in text
    assert "durante 15 años, sin su nombre ni su número" in text
    assert "Esto no se puede deshacer." in text

    erased = await post(browser, f"/console/c/{ANA}/borrar", f"/console/c/{ANA}/borrar", {})
    assert erased.status_code == 303
    assert erased.headers["location"].endswith("/console")
    inbox = await browser.get("/console/")
    assert "Datos del paciente borrados." in inbox.text
    assert "sin nombre ni número: 0. Próximas citas anuladas: 1." in inbox.text
    assert f'data-patient="{ANA}"' not in inbox.text
    assert (await browser.get(f"/console/c/{ANA}")).status_code == 404
    again = await post(browser, "/console/solicitudes", f"/console/c/{ANA}/borrar", {})
    assert again.status_code == 404  # nothing left to erase
    page = await browser.get("/console/solicitudes")
    assert [text for _, text in rows(page.text)] == [
        "Supresión paciente borrado Consola · recibida el 30/11/2026 · vence el 21/12/2026 Marcar respondida"
    ]

    [entry] = await entries(accounts, AuditAction.PATIENT_ERASED)
    assert (entry.actor.kind, entry.actor.id, entry.channel) == (ActorKind.ACCOUNT, jefa.id, "console")
    assert entry.target == container.pseudonyms().patient(PatientAddress(ANA))
    assert entry.detail == "at the desk: 0 records kept, 1 upcoming cancelled"
