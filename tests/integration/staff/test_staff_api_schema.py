"""Requests generated from the app's own OpenAPI schema (schemathesis), valid and invalid, against the
staff API and the public GET routes, on a real PostgreSQL, with a live key of one clinic: none is
answered with a server error, and every answer is one the schema documents.

The schema only says "string" for a patient, a doctor and a start time, and strings drawn from that
never name a real one: half the cases get real-looking ones, so they reach the database and WhatsApp."""

from __future__ import annotations

import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any, cast
from urllib.parse import quote

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar import Litestar
from schemathesis import Case, CheckFunction, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.core.result import Err
from schemathesis.python import asgi
from schemathesis.schemas import APIOperation, BaseSchema
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from application.staff import StaffAccess
from entrypoints.container import Container
from entrypoints.web import WEBHOOK_PATH, create_app
from tests import meta_payloads as meta
from tests.integration.staff.world import ANA, NOW, SECRET, SONRISA, key_of

pytestmark = pytest.mark.integration

Operation = APIOperation[Any, Any, Any, Any]

EXAMPLES_PER_OPERATION = 30
SERVER_ERRORS: list[CheckFunction] = [not_a_server_error]
CONFORMANCE: list[CheckFunction] = [
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
STEERED: dict[str, st.SearchStrategy[str]] = {
    "patient": st.one_of(
        st.sampled_from([ANA, f"+{ANA}"]),
        st.from_regex(r"\+?[0-9]{6,15}", fullmatch=True),
        st.text(st.characters(exclude_characters="/"), min_size=1).map("user_id:".__add__),
    ),
    "doctor_id": st.sampled_from([doctor.id for doctor in SONRISA.doctors]),
    "starts_at": st.integers(-96, 96 * 60).map(
        lambda quarters: (NOW + timedelta(minutes=15 * quarters)).isoformat()
    ),
}


@pytest.fixture
async def bearer(access: StaffAccess) -> dict[str, str]:
    return await key_of(access, SONRISA)


@contextmanager
def serving(app: Litestar) -> Iterator[asgi.ASGIClient]:
    """The app's lifespan (its pools) on schemathesis's event loop, where every case is then sent."""
    try:
        with asgi.get_client(cast("asgi.ASGIApp", app)) as client:
            yield client
    finally:
        asgi.shutdown_lifespans()


def staff_and_public_reads(schema: BaseSchema) -> Iterator[Operation]:
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            raise result.err()
        operation = result.ok()
        if operation.path.startswith("/api/v1/") or operation.method.upper() == "GET":
            yield operation


def steered(case: Case[Any], values: dict[str, str]) -> Case[Any]:
    path = case.path_parameters or {}
    path.update({name: quote(value, safe="") for name, value in values.items() if name in path})
    for fields in (case.query, case.body):
        if isinstance(fields, dict):
            fields.update({name: value for name, value in values.items() if name in fields})
    return case


def cases(operation: Operation) -> st.SearchStrategy[Case[Any]]:
    generated = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE)
    )
    return st.one_of(generated, st.builds(steered, generated, st.fixed_dictionaries(STEERED)))


def a_patient_wrote(client: asgi.ASGIClient, container: Container) -> None:
    """One conversation to list, read and take over, as Meta delivers it."""
    payload = meta.text_delivery(SONRISA.phone_number_id, ANA, "wamid.schema.1", "Hola", int(NOW.timestamp()))
    body = meta.encode(payload)
    response = client.post(WEBHOOK_PATH, data=body, headers=meta.signed_headers(SECRET, body))
    assert response.status_code == 200, response.text
    deadline = time.monotonic() + 10
    while container.turns().busy:
        assert time.monotonic() < deadline, "turns still running"
        time.sleep(0.01)


def fuzz(operation: Operation, headers: dict[str, str], checks: list[CheckFunction]) -> int:
    """Sends the operation's generated cases and checks each answer; how many were sent."""
    sent = 0

    @given(case=cases(operation))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    def send(case: Case[Any]) -> None:
        nonlocal sent
        sent += 1
        case.call_and_validate(headers=dict(headers), checks=checks)

    send()
    return sent


@pytest.mark.parametrize("checks", [SERVER_ERRORS, CONFORMANCE], ids=["server-errors", "schema-conformance"])
def test_generated_requests_are_answered_as_the_schema_says(
    container: Container,
    bearer: dict[str, str],
    checks: list[CheckFunction],
) -> None:
    app = create_app(container)
    sent: dict[str, int] = {}
    failed: dict[str, str] = {}
    with serving(app) as client:
        schema = schemathesis.openapi.from_asgi("/schema/openapi.json", app)
        a_patient_wrote(client, container)
        for operation in staff_and_public_reads(schema):
            try:
                sent[operation.label] = fuzz(operation, bearer, checks)
            except (Exception, FailureGroup) as failure:
                failed[operation.label] = "".join(traceback.format_exception_only(failure))
    if failed:
        pytest.fail("\n".join(f"{label}:\n{failure}" for label, failure in failed.items()), pytrace=False)
    assert sent, "no operation under test in the schema"
