"""Patients' rights at the desk over the staff API, on a real PostgreSQL (issue 24): the full copy
of what is kept (texts included), the name corrected, the patient erased; each audited with the
key's id and the patient's keyed hash, never their number or name."""

from __future__ import annotations

import pytest

from application.accounts import Accounts
from application.ports import ActorKind, AuditAction
from application.staff import StaffAccess
from domain.ids import PatientAddress
from domain.staff import Role
from entrypoints.container import Container
from tests.integration.staff.world import ANA, BETO, OTRA, SONRISA, Client, Patient, key_of

pytestmark = pytest.mark.integration

BOOKING = ["Quiero agendar una cita", "mañana", "en la tarde", "a las 15", "me llamo Ana López", "sí"]
WORDS = "me duele la muela del juicio desde el domingo"


async def booked(client: Client, container: Container) -> None:
    ana = Patient(client, container, ANA)
    for text in [*BOOKING, WORDS]:
        await ana.says(text)


async def test_staff_export_the_full_record_as_json_and_it_is_audited(
    client: Client, container: Container, access: StaffAccess, accounts: Accounts
) -> None:
    await booked(client, container)
    read_only = await key_of(access, SONRISA, Role.READ_ONLY)
    assert (await client.get(f"/api/v1/patients/{ANA}/export", headers=read_only)).status_code == 403
    headers = await key_of(access, SONRISA)
    answer = await client.get(f"/api/v1/patients/+{ANA}/export", headers=headers)
    assert answer.status_code == 200, answer.text
    record = answer.json()
    assert record["patient"] == ANA
    assert record["identifiers"] == [ANA]
    [appointment] = record["appointments"]
    assert appointment["patient_name"] == "Ana López"
    assert appointment["status"] == "booked"
    # A handled message's text is kept in the conversation's history only (the inbox drops it).
    said = [m["text"] for m in record["conversation"]["history"] if m["speaker"] == "patient"]
    assert WORDS in said
    assert "me llamo Ana López" in said
    assert any(m["direction"] == "out" and "Ana López" in m["text"] for m in record["messages"])
    assert [p["name"] for p in record["conversation"]["people"]] == ["Ana López"]
    assert record["kept_for"] == {"messages_days": 90, "clinical_records_days": 15 * 365}

    [entry] = [
        r.entry
        for r in await accounts.audit.entries(SONRISA.id)
        if r.entry.action is AuditAction.PATIENT_EXPORTED
    ]
    assert entry.actor.kind is ActorKind.API_KEY
    [key] = [k for k in await access.of_clinic(SONRISA.id) if k.role is Role.RECEPTION]
    assert entry.actor.id == key.id
    assert entry.target == container.pseudonyms().patient(PatientAddress(ANA))
    assert ANA not in f"{entry}"
    assert "Ana" not in f"{entry}"


async def test_a_key_never_reaches_another_clinics_patient(
    client: Client, container: Container, access: StaffAccess
) -> None:
    await Patient(client, container, BETO, OTRA).says("Hola")
    sonrisa = await key_of(access, SONRISA)
    assert (await client.get(f"/api/v1/patients/{BETO}/export", headers=sonrisa)).status_code == 404
    assert (await client.get(f"/api/v1/patients/{BETO}/export")).status_code == 401
    assert (await client.post(f"/api/v1/patients/{BETO}/erasure")).status_code == 401


async def test_staff_correct_a_patients_name(
    client: Client, container: Container, access: StaffAccess, accounts: Accounts
) -> None:
    await booked(client, container)
    headers = await key_of(access, SONRISA)
    answer = await client.patch(f"/api/v1/patients/{ANA}", json={"name": "Ana María López"}, headers=headers)
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"patient": ANA, "name": "Ana María López"}
    record = (await client.get(f"/api/v1/patients/{ANA}/export", headers=headers)).json()
    assert record["name"] == "Ana María López"
    assert [a["patient_name"] for a in record["appointments"]] == ["Ana María López"]
    assert [p["name"] for p in record["conversation"]["people"]] == ["Ana María López"]
    assert (
        await client.patch(f"/api/v1/patients/{ANA}", json={"name": "  "}, headers=headers)
    ).status_code == 400
    actions = [r.entry.action for r in await accounts.audit.entries(SONRISA.id)]
    assert AuditAction.PATIENT_RECTIFIED in actions


async def test_an_admin_erases_a_patient(
    client: Client, container: Container, access: StaffAccess, accounts: Accounts
) -> None:
    await booked(client, container)
    reception = await key_of(access, SONRISA)
    refused = await client.post(f"/api/v1/patients/{ANA}/erasure", headers=reception)
    assert refused.status_code == 403, refused.text
    headers = await key_of(access, SONRISA, Role.ADMIN)
    answer = await client.post(f"/api/v1/patients/{ANA}/erasure", headers=headers)
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"records_kept": 0, "upcoming_cancelled": 1}
    assert (await client.get(f"/api/v1/patients/{ANA}/export", headers=headers)).status_code == 404
    assert (await client.get(f"/api/v1/conversations/{ANA}", headers=headers)).status_code == 404
    assert (await client.get("/api/v1/appointments", headers=headers)).json() == []
    actions = [r.entry.action for r in await accounts.audit.entries(SONRISA.id)]
    assert AuditAction.PATIENT_ERASED in actions


async def test_staff_see_pending_requests_with_their_deadlines_and_mark_them_answered(
    client: Client, container: Container, access: StaffAccess
) -> None:
    await booked(client, container)
    headers = await key_of(access, SONRISA)
    taken = await client.post(
        "/api/v1/privacy-requests", json={"patient": ANA, "kind": "rectification"}, headers=headers
    )
    assert taken.status_code == 201, taken.text
    request = taken.json()
    assert request["patient"] == ANA
    assert request["due"] == "2026-12-21"  # Chile: 15 business days from Monday 30 November
    assert request["answered_at"] is None

    await client.get(f"/api/v1/patients/{ANA}/export", headers=headers)  # answered at once: not pending
    pending = (await client.get("/api/v1/privacy-requests?pending=true", headers=headers)).json()
    assert [r["id"] for r in pending] == [request["id"]]
    otra = await key_of(access, OTRA)
    assert (await client.get("/api/v1/privacy-requests", headers=otra)).json() == []
    refused = await client.post(f"/api/v1/privacy-requests/{request['id']}/answered", headers=otra)
    assert refused.status_code == 404

    answered = await client.post(f"/api/v1/privacy-requests/{request['id']}/answered", headers=headers)
    assert answered.status_code == 200, answered.text
    assert answered.json()["answered_at"] is not None
    assert (await client.get("/api/v1/privacy-requests", headers=headers)).json() == []
    every = (await client.get("/api/v1/privacy-requests?pending=false", headers=headers)).json()
    # Both received at the test's one instant: compared in any order.
    assert sorted((r["kind"], r["channel"], r["answered_at"] is not None) for r in every) == [
        ("access", "api", True),  # the export, answered as it was asked
        ("rectification", "api", True),
    ]


async def test_an_erased_patients_requests_keep_only_their_keyed_hash(
    client: Client, container: Container, access: StaffAccess
) -> None:
    await booked(client, container)
    headers = await key_of(access, SONRISA, Role.ADMIN)
    taken = await client.post(
        "/api/v1/privacy-requests", json={"patient": ANA, "kind": "access"}, headers=headers
    )
    await client.post(f"/api/v1/patients/{ANA}/erasure", headers=headers)
    [pending] = (await client.get("/api/v1/privacy-requests", headers=headers)).json()
    assert pending["id"] == taken.json()["id"]
    assert pending["patient"] is None
    assert pending["patient_hash"] == container.pseudonyms().patient(PatientAddress(ANA))
