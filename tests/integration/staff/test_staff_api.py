"""The staff API over HTTP, on a real PostgreSQL, replies through a fake Graph API: keys open only
their own clinic; staff take a conversation over, answer it, and hand it back."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from adapters.memory.clock import FixedClock
from application.staff import StaffAccess
from domain.staff import Role
from entrypoints.container import Container, build_container
from entrypoints.settings import Settings
from entrypoints.web import create_app
from tests.integration.servers.fake_graph import FakeGraphApi
from tests.integration.serving import clean_env, clinicflow
from tests.integration.staff.world import ANA, BETO, OTRA, SONRISA, Client, Patient, key_of

pytestmark = pytest.mark.integration


def sent_to(graph: FakeGraphApi, phone: str) -> list[dict[str, Any]]:
    return [body for body in graph.accepted if body.get("to") == f"+{phone}" and body.get("type") != "read"]


async def test_every_route_needs_a_live_key_of_a_known_clinic(client: Client, access: StaffAccess) -> None:
    headers = await key_of(access, SONRISA)
    assert (await client.get("/api/v1/conversations")).status_code == 401
    assert (
        await client.get("/api/v1/conversations", headers={"Authorization": "Bearer cf_nope"})
    ).status_code == 401
    assert (
        await client.get("/api/v1/conversations", headers={"Authorization": "Basic abc"})
    ).status_code == 401
    for method, path in (
        ("post", f"/api/v1/conversations/{ANA}/pause"),
        ("post", f"/api/v1/conversations/{ANA}/resume"),
        ("get", f"/api/v1/conversations/{ANA}"),
    ):
        assert (await client.request(method, path)).status_code == 401
    assert (await client.get("/api/v1/conversations", headers=headers)).status_code == 200
    [key] = await access.of_clinic(SONRISA.id)
    await access.revoke(key.id)
    assert (await client.get("/api/v1/conversations", headers=headers)).status_code == 401


async def test_a_key_of_one_clinic_never_reads_another_clinics_conversations(
    client: Client, container: Container, access: StaffAccess
) -> None:
    await Patient(client, container, ANA, SONRISA).says("Hola")
    await Patient(client, container, BETO, OTRA).says("Hola")
    sonrisa, otra = await key_of(access, SONRISA), await key_of(access, OTRA)
    mine = (await client.get("/api/v1/conversations", headers=sonrisa)).json()
    assert [c["patient"] for c in mine] == [ANA]
    assert (await client.get(f"/api/v1/conversations/{BETO}", headers=sonrisa)).status_code == 404
    replied = await client.post(
        f"/api/v1/conversations/{BETO}/replies", json={"text": "hola"}, headers=sonrisa
    )
    assert replied.status_code == 404
    theirs = (await client.get("/api/v1/conversations", headers=otra)).json()
    assert [c["patient"] for c in theirs] == [BETO]


async def test_staff_take_over_answer_and_hand_back(
    client: Client, container: Container, graph: FakeGraphApi, access: StaffAccess
) -> None:
    headers = await key_of(access, SONRISA)
    ana = Patient(client, container, ANA)
    await ana.says("Hola")
    assert len(sent_to(graph, ANA)) == 1

    paused = await client.post(f"/api/v1/conversations/{ANA}/pause", headers=headers)
    assert paused.status_code == 200
    assert paused.json()["conversation"]["bot_enabled"] is False
    await ana.says("Quiero agendar una cita")
    assert len(sent_to(graph, ANA)) == 1  # recorded, not answered by the bot
    history = (await client.get(f"/api/v1/conversations/{ANA}", headers=headers)).json()
    assert history["messages"][-1] == {
        "speaker": "patient",
        "text": "Quiero agendar una cita",
        "at": history["messages"][-1]["at"],
    }

    reply = await client.post(
        f"/api/v1/conversations/{ANA}/replies",
        json={"text": "Hola Ana, soy Carla de recepción."},
        headers=headers,
    )
    assert reply.status_code == 201
    assert reply.json() == {"sent": True, "template": None}  # within 24 h of her message: as typed
    assert sent_to(graph, ANA)[-1]["text"]["body"] == "Hola Ana, soy Carla de recepción."
    listed = (await client.get("/api/v1/conversations", headers=headers)).json()
    assert listed[0]["last_message"]["speaker"] == "staff"

    resumed = await client.post(f"/api/v1/conversations/{ANA}/resume", headers=headers)
    assert resumed.json()["conversation"]["bot_enabled"] is True
    await ana.says("Quiero agendar una cita")
    assert len(sent_to(graph, ANA)) == 3  # the bot answers again


async def test_a_patient_asking_for_a_person_pauses_the_bot_until_staff_resume_it(
    client: Client, container: Container, graph: FakeGraphApi, access: StaffAccess
) -> None:
    headers = await key_of(access, SONRISA)
    ana = Patient(client, container, ANA)
    await ana.says("quiero hablar con una persona")
    [notice] = sent_to(graph, ANA)
    assert "una persona de" in notice["text"]["body"]
    await ana.says("hola?")
    assert len(sent_to(graph, ANA)) == 1
    [conversation] = (await client.get("/api/v1/conversations", headers=headers)).json()
    assert conversation["bot_enabled"] is False
    assert conversation["last_message"]["text"] == "hola?"


async def test_bad_requests_are_refused_with_a_reason(
    client: Client, container: Container, access: StaffAccess
) -> None:
    headers = await key_of(access, SONRISA)
    await Patient(client, container, ANA).says("Hola")
    for path, body in (
        (f"/api/v1/conversations/{ANA}/replies", {"text": "   "}),
        (f"/api/v1/conversations/{ANA}/replies", {"text": "x" * 5000}),
        (f"/api/v1/conversations/{ANA}/replies", {"texto": "hola"}),
        ("/api/v1/conversations/not-a-phone/replies", {"text": "hola"}),
    ):
        response = await client.post(path, json=body, headers=headers)
        assert response.status_code == 400, (path, body, response.text)
    assert (await client.get("/api/v1/conversations?limit=0", headers=headers)).status_code == 400


async def test_the_openapi_schema_documents_the_staff_api_and_its_key(client: Client) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    assert {"/api/v1/conversations", "/api/v1/conversations/{patient}/replies"} <= set(schema["paths"])
    assert schema["components"]["securitySchemes"]["StaffApiKey"]["scheme"] == "bearer"


def test_keys_are_issued_listed_and_revoked_from_the_command_line(database_url: str) -> None:
    env = clean_env(DATABASE_URL=database_url)
    assert clinicflow("clinic", "load", "--demo", env=env).returncode == 0
    created = clinicflow("staff-key", "create", "sonrisa", "--name", "Carla", env=env)
    assert created.returncode == 0, created.stderr
    secret = next(line for line in created.stdout.splitlines() if line.startswith("cf_"))
    listed = clinicflow("staff-key", "list", "sonrisa", env=env)
    assert "Carla" in listed.stdout
    assert secret not in listed.stdout
    key_id = listed.stdout.split()[0]

    async def works() -> int:
        settings = Settings.from_environment({"DATABASE_URL": database_url})
        container = build_container(settings)
        async with AsyncTestClient(app=create_app(container)) as client:
            response = await client.get(
                "/api/v1/conversations", headers={"Authorization": f"Bearer {secret}"}
            )
            return response.status_code

    assert asyncio.run(works()) == 200
    assert clinicflow("staff-key", "revoke", key_id, env=env).returncode == 0
    assert asyncio.run(works()) == 401
    unknown = clinicflow("staff-key", "create", "nadie", env=env)
    assert unknown.returncode == 2
    assert "no clinic 'nadie'" in unknown.stderr


async def test_the_bot_paused_for_the_whole_clinic_records_everyone_and_answers_no_one(
    client: Client, container: Container, graph: FakeGraphApi, access: StaffAccess
) -> None:
    headers = await key_of(access, SONRISA, Role.ADMIN)  # switching the whole clinic's bot is an admin's
    assert (await client.post("/api/v1/bot/pause", headers=headers)).json() == {"enabled": False}
    assert (await client.get("/api/v1/bot", headers=headers)).json() == {"enabled": False}
    await Patient(client, container, ANA).says("Hola")
    await Patient(client, container, BETO).says("Hola")
    assert graph.accepted == []
    listed = (await client.get("/api/v1/conversations", headers=headers)).json()
    assert {c["patient"] for c in listed} == {ANA, BETO}
    other = await key_of(access, OTRA)
    assert (await client.get("/api/v1/bot", headers=other)).json() == {"enabled": True}

    assert (await client.post("/api/v1/bot/resume", headers=headers)).json() == {"enabled": True}
    await Patient(client, container, ANA).says("Hola")
    assert len(sent_to(graph, ANA)) == 1


async def test_a_blocked_number_is_never_answered_until_unblocked(
    client: Client, container: Container, graph: FakeGraphApi, access: StaffAccess
) -> None:
    headers = await key_of(access, SONRISA)
    blocked = await client.put(f"/api/v1/blocked-numbers/+{ANA}", headers=headers)
    assert blocked.status_code == 200
    assert ANA in blocked.json()["numbers"]
    await Patient(client, container, ANA).says("Hola")
    assert sent_to(graph, ANA) == []
    assert (
        ANA
        not in (await client.get("/api/v1/blocked-numbers", headers=await key_of(access, OTRA))).json()[
            "numbers"
        ]
    )

    assert (await client.delete(f"/api/v1/blocked-numbers/{ANA}", headers=headers)).status_code == 200
    await Patient(client, container, ANA).says("Hola")
    assert len(sent_to(graph, ANA)) == 1
    assert (await client.delete(f"/api/v1/blocked-numbers/{ANA}", headers=headers)).status_code == 404


async def test_staff_book_list_and_cancel_appointments_of_their_own_clinic(
    client: Client, access: StaffAccess
) -> None:
    headers = await key_of(access, SONRISA)
    new = {
        "doctor_id": "perez",
        "starts_at": "2026-12-01T10:00:00-03:00",
        "patient": ANA,
        "patient_name": "Ana",
    }
    booked = await client.post("/api/v1/appointments", json=new, headers=headers)
    assert booked.status_code == 201, booked.text
    appointment = booked.json()
    assert appointment["starts_at"] == "2026-12-01T10:00:00-03:00"
    assert (appointment["status"], appointment["source"], appointment["visit"]) == ("booked", "staff", None)
    early = await client.post(
        f"/api/v1/appointments/{appointment['id']}/visit", json={"outcome": "attended"}, headers=headers
    )
    assert early.status_code == 409  # whether Ana came is known tomorrow at 10
    assert "not started" in early.json()["error"]

    again = await client.post("/api/v1/appointments", json={**new, "patient": BETO}, headers=headers)
    assert again.status_code == 409
    off_grid = await client.post(
        "/api/v1/appointments", json={**new, "starts_at": "2026-12-01T10:07:00-03:00"}, headers=headers
    )
    assert off_grid.status_code == 409
    assert "not a free time" in off_grid.json()["error"]

    agenda = (await client.get("/api/v1/appointments?day=2026-12-01&days=1", headers=headers)).json()
    assert [a["id"] for a in agenda] == [appointment["id"]]
    assert (await client.get("/api/v1/appointments", headers=await key_of(access, OTRA))).json() == []
    other = await client.post(
        f"/api/v1/appointments/{appointment['id']}/cancel", headers=await key_of(access, OTRA)
    )
    assert other.status_code == 404

    cancelled = await client.post(f"/api/v1/appointments/{appointment['id']}/cancel", headers=headers)
    assert cancelled.json()["status"] == "cancelled"
    rebooked = await client.post("/api/v1/appointments", json={**new, "patient": BETO}, headers=headers)
    assert rebooked.status_code == 201


async def test_staff_book_any_service_even_one_the_bot_may_not(client: Client, access: StaffAccess) -> None:
    headers = await key_of(access, SONRISA)
    new = {
        "doctor_id": "perez",
        "starts_at": "2026-12-01T10:00:00-03:00",
        "patient": ANA,
        "patient_name": "Ana",
        "service_id": "limpieza",
    }
    booked = await client.post("/api/v1/appointments", json=new, headers=headers)
    assert booked.status_code == 201, booked.text
    cleaning = booked.json()
    assert cleaning["service_id"] == "limpieza"
    assert cleaning["ends_at"] == "2026-12-01T11:00:00-03:00"  # a cleaning's hour, not a 30-minute slot

    plain = await client.post(
        "/api/v1/appointments",
        json={**new, "starts_at": "2026-12-01T11:00:00-03:00", "patient": BETO, "service_id": None},
        headers=headers,
    )
    assert plain.json()["service_id"] == "evaluacion"  # the clinic's default
    braces = {
        **new,
        "doctor_id": "soto",
        "starts_at": "2026-12-01T10:00:00-03:00",
        "service_id": "instalacion_brackets",
    }
    assert (await client.post("/api/v1/appointments", json=braces, headers=headers)).status_code == 201
    not_his = await client.post(
        "/api/v1/appointments", json={**braces, "doctor_id": "perez"}, headers=headers
    )
    assert not_his.status_code == 409
    assert "does not do instalacion_brackets" in not_his.json()["error"]
    unknown = await client.post("/api/v1/appointments", json={**new, "service_id": "botox"}, headers=headers)
    assert unknown.status_code == 400
    assert "no service 'botox'" in unknown.json()["error"]


async def test_a_reply_a_day_after_the_patient_wrote_goes_as_the_approved_template(
    client: Client, container: Container, graph: FakeGraphApi, access: StaffAccess
) -> None:
    headers = await key_of(access, SONRISA)
    await Patient(client, container, ANA).says("Hola")
    clock = container.clock()
    assert isinstance(clock, FixedClock)
    clock.advance(timedelta(hours=25))
    reply = await client.post(
        f"/api/v1/conversations/{ANA}/replies",
        json={"text": "Hola Ana:\nya llegó su orden."},
        headers=headers,
    )
    assert reply.status_code == 201
    assert reply.json() == {"sent": True, "template": "retomar_conversacion"}
    sent = sent_to(graph, ANA)[-1]
    assert sent["type"] == "template"
    assert (sent["template"]["name"], sent["template"]["language"]["code"]) == ("retomar_conversacion", "es")
    [body] = [c for c in sent["template"]["components"] if c["type"] == "body"]
    assert [p["text"] for p in body["parameters"]] == [SONRISA.name, "Hola Ana: ya llegó su orden."]
    history = (await client.get(f"/api/v1/conversations/{ANA}", headers=headers)).json()
    assert history["messages"][-1]["text"] == "Hola Ana:\nya llegó su orden."


async def test_a_patients_photo_shows_in_the_history_and_opens_with_the_clinics_key_only(
    client: Client, container: Container, graph: FakeGraphApi, access: StaffAccess
) -> None:
    photo = b"\xff\xd8\xff\xe0 an insurance card"
    graph.keep("media-card", photo, "image/jpeg")
    message = await Patient(client, container, ANA).sends(
        "image", image={"id": "media-card", "mime_type": "image/jpeg", "caption": "mi seguro"}
    )
    message = container.message_keys().message_key(message)  # staff see its keyed hash
    headers = await key_of(access, SONRISA)
    history = (await client.get(f"/api/v1/conversations/{ANA}", headers=headers)).json()
    [sent] = [m for m in history["messages"] if m["speaker"] == "patient"]
    assert sent["text"] == "mi seguro"
    assert sent["attachment"] == {"kind": "image", "message_id": message, "mime_type": "image/jpeg"}
    opened = await client.get(f"/api/v1/conversations/{ANA}/media/{message}", headers=headers)
    assert (opened.status_code, opened.content, opened.headers["content-type"]) == (200, photo, "image/jpeg")
    assert opened.headers["content-security-policy"].endswith("; sandbox")
    otra = await key_of(access, OTRA)
    refused = await client.get(f"/api/v1/conversations/{ANA}/media/{message}", headers=otra)
    assert refused.status_code == 404
    assert refused.json() == {"error": "no such file for this clinic"}
