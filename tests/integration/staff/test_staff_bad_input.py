"""Input at the edges of the staff API, on a real PostgreSQL: refused with a 4xx and a reason
(``{"error": ...}``), never a 500. What was a 500: a ``user_id:`` of spaces, the agenda from the
last days of year 9999, a desk booking in year 9999, a reply holding a NUL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from application.accounts import Accounts
from application.staff import StaffAccess
from entrypoints.container import Container
from entrypoints.web import create_app
from tests.integration.servers.fake_graph import FakeGraphApi
from tests.integration.staff.test_console_pages import form_token, sign_in
from tests.integration.staff.world import ANA, SONRISA, Client, Patient, key_of

pytestmark = pytest.mark.integration

PATIENTS = [
    "user_id:%20",
    "user_id:%09",
    "user_id:%20%20x",
    "user_id:a%00b",
    "user_id:a%1Bb",
    "user_id:%C2%85",
    "user_id:" + "x" * 129,
    "%D9%A1%D9%A2%D9%A3%D9%A4%D9%A5%D9%A6%D9%A7",  # Arabic-Indic digits
    "56911112222%00",
    "5691111222233334444",
    "+",
    "%00",
]

ROUTES = [
    ("GET", "/api/v1/conversations/{}"),
    ("POST", "/api/v1/conversations/{}/pause"),
    ("POST", "/api/v1/conversations/{}/resume"),
    ("PUT", "/api/v1/blocked-numbers/{}"),
    ("DELETE", "/api/v1/blocked-numbers/{}"),
]

CONTROL_CHARACTERS = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\x9f"]


def refused(response: Any, status: int = 400) -> str:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert isinstance(error, str)
    assert error
    return error


@pytest.mark.parametrize("patient", PATIENTS)
async def test_a_patient_that_is_no_phone_number_or_user_id_is_a_400(
    client: Client, access: StaffAccess, patient: str
) -> None:
    headers = await key_of(access, SONRISA)
    for method, route in ROUTES:
        refused(await client.request(method, route.format(patient), headers=headers))
    reply = await client.post(
        f"/api/v1/conversations/{patient}/replies", json={"text": "hola"}, headers=headers
    )
    refused(reply)


@pytest.mark.parametrize(
    "query",
    ["day=9999-12-30", "day=9999-12-31&days=1", "day=9999-11-15&days=62", "day=9999-12-25&days=7"],
)
async def test_an_agenda_running_off_the_calendar_is_a_400(
    client: Client, access: StaffAccess, query: str
) -> None:
    headers = await key_of(access, SONRISA)
    assert "calendar" in refused(await client.get(f"/api/v1/appointments?{query}", headers=headers))


@pytest.mark.parametrize(
    "query", ["day=0001-01-01", "day=0001-01-01&days=62", "day=9999-10-01&days=62", "day=2026-12-01&days=62"]
)
async def test_an_agenda_inside_the_calendar_is_answered(
    client: Client, access: StaffAccess, query: str
) -> None:
    headers = await key_of(access, SONRISA)
    response = await client.get(f"/api/v1/appointments?{query}", headers=headers)
    assert (response.status_code, response.json()) == (200, [])


@pytest.mark.parametrize(
    "query", ["day=10000-01-01", "day=0000-12-31", "days=63", f"days={10**30}", "days=0"]
)
async def test_an_agenda_query_out_of_range_is_a_400(client: Client, access: StaffAccess, query: str) -> None:
    headers = await key_of(access, SONRISA)
    refused(await client.get(f"/api/v1/appointments?{query}", headers=headers))


@pytest.mark.parametrize(
    "starts_at",
    [
        "9999-12-31T23:00:00-03:00",
        "9999-12-31T23:59:59-14:00",
        "9999-12-31T23:59:59+14:00",
        "0001-01-01T00:00:00+14:00",
        "0001-01-01T00:00:00-14:00",
        "2000-01-01T10:00:00-03:00",
    ],
)
async def test_a_desk_booking_far_from_now_is_refused_as_not_free(
    client: Client, access: StaffAccess, starts_at: str
) -> None:
    headers = await key_of(access, SONRISA)
    new = {"doctor_id": "perez", "starts_at": starts_at, "patient": ANA, "patient_name": "Ana"}
    assert "not a free time" in refused(
        await client.post("/api/v1/appointments", json=new, headers=headers), 409
    )


@pytest.mark.parametrize("character", CONTROL_CHARACTERS)
async def test_a_desk_booking_whose_name_or_patient_holds_a_control_character_is_a_400(
    client: Client, access: StaffAccess, character: str
) -> None:
    headers = await key_of(access, SONRISA)
    new = {
        "doctor_id": "perez",
        "starts_at": "2026-12-01T10:00:00-03:00",
        "patient": ANA,
        "patient_name": "Ana",
    }
    for bad in ({"patient_name": f"Ana{character}"}, {"patient": f"user_id:x{character}"}):
        refused(await client.post("/api/v1/appointments", json=new | bad, headers=headers))


@pytest.mark.parametrize("character", CONTROL_CHARACTERS)
async def test_a_reply_holding_a_control_character_is_a_400_that_names_it(
    client: Client, container: Container, graph: FakeGraphApi, access: StaffAccess, character: str
) -> None:
    headers = await key_of(access, SONRISA)
    await Patient(client, container, ANA).says("Hola")
    sent_before = len(graph.sent)
    response = await client.post(
        f"/api/v1/conversations/{ANA}/replies", json={"text": f"Hola{character} Ana"}, headers=headers
    )
    assert f"U+{ord(character):04X}" in refused(response)
    assert len(graph.sent) == sent_before, "nothing sent"
    history = (await client.get(f"/api/v1/conversations/{ANA}", headers=headers)).json()
    assert [m["speaker"] for m in history["messages"]] == ["patient", "bot"], "nothing recorded"


async def test_a_reply_with_tabs_line_breaks_and_emoji_is_sent_with_its_line_breaks_as_typed(
    client: Client, container: Container, access: StaffAccess
) -> None:
    headers = await key_of(access, SONRISA)
    await Patient(client, container, ANA).says("Hola")
    text = "Hola Ana,\r\n\tsu hora es mañana 👩🏽‍⚕️\r\nSaludos"
    response = await client.post(f"/api/v1/conversations/{ANA}/replies", json={"text": text}, headers=headers)
    assert response.status_code == 201, response.text
    history = (await client.get(f"/api/v1/conversations/{ANA}", headers=headers)).json()
    assert history["messages"][-1]["text"] == "Hola Ana,\n\tsu hora es mañana 👩🏽‍⚕️\nSaludos"


async def test_an_appointment_id_that_is_no_id_is_a_404(client: Client, access: StaffAccess) -> None:
    headers = await key_of(access, SONRISA)
    for appointment_id in ("%00", "a%00b", "%20", "x" * 3000):
        refused(await client.post(f"/api/v1/appointments/{appointment_id}/cancel", headers=headers), 404)
        visit = await client.post(
            f"/api/v1/appointments/{appointment_id}/visit", json={"outcome": "attended"}, headers=headers
        )
        refused(visit, 404)


@pytest.fixture
async def console(container: Container) -> AsyncIterator[Client]:
    """A browser on the console (HTTPS: its cookies are Secure)."""
    async with AsyncTestClient(app=create_app(container), base_url="https://clinica.test") as client:
        yield client


@pytest.mark.parametrize("character", ["\x00", "\x1b", "\x7f", "\x85"])
async def test_a_reply_typed_in_the_console_with_a_control_character_is_the_forms_400(
    console: Client, container: Container, graph: FakeGraphApi, accounts: Accounts, character: str
) -> None:
    await Patient(console, container, ANA).says("Hola")
    await sign_in(console, accounts)
    page = f"/console/c/{ANA}"
    token = await form_token(console, page)
    sent_before = len(graph.sent)
    response = await console.post(
        f"{page}/replies", data={"text": f"Hola{character} Ana", "_csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 400, response.text
    assert "Revise lo que escribió" in response.text
    assert len(graph.sent) == sent_before
    typed = await console.post(
        f"{page}/replies",
        data={"text": "Hola Ana,\r\nsu hora es mañana", "_csrf_token": token},
        follow_redirects=False,
    )
    assert typed.status_code == 303, typed.text
    assert graph.sent[-1]["text"]["body"] == "Hola Ana,\nsu hora es mañana"
