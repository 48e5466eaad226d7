"""An error nothing expected (a bug) ends as a 500 that is logged once: one JSON line at ERROR with
the request's id, the route (never the path: it may hold a phone number) and the traceback. At the
webhook a bug is a 500, never a 503: a 503 says "a store is down, deliver again later"."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import pytest
from dependency_injector import providers
from litestar.testing import AsyncTestClient

from adapters.clinic_config.toml_file import load_demo_clinic
from application.messages import InboundMessage
from entrypoints import logs
from entrypoints.container import Container, build_container
from entrypoints.settings import Settings
from entrypoints.web import WEBHOOK_PATH, create_app
from tests import meta_payloads as meta
from tests.unit.entrypoints.test_logs import lines, logged  # noqa: F401 - logged is a fixture

SECRET = "unexpected-errors-secret"
PATIENT = "56911112222"


def errors(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    """The ERROR lines logged so far; every line must be one JSON object."""
    return [line for line in lines(capsys) if line["level"] == "error"]


@pytest.fixture
def container() -> Container:
    return build_container(Settings.from_environment({"META_APP_SECRET": SECRET, "META_VERIFY_TOKEN": "v"}))


class BuggyInbox:
    """An inbox with a bug in it (not an outage): every ``accept`` raises."""

    async def accept(self, messages: Sequence[InboundMessage], now: datetime) -> list[InboundMessage]:
        raise KeyError(f"a bug, with {messages[0].sender.value} in its message")


class BuggyDesk:
    async def conversations(self, clinic_id: str, limit: int = 50) -> list[Any]:
        raise ZeroDivisionError("a bug")


@pytest.mark.usefixtures("logged")  # the root logger restored after the test
async def test_a_bug_at_the_webhook_is_a_500_logged_once_with_its_request_id_never_a_503(
    container: Container, capsys: pytest.CaptureFixture[str]
) -> None:
    logs.configure("json", "info")
    container.inbox.override(providers.Object(BuggyInbox()))
    body = meta.encode(meta.text_delivery("100000000000001", PATIENT, "wamid.bug", "hola", 1_764_500_000))
    async with AsyncTestClient(app=create_app(container)) as client:
        errors(capsys)  # start-up
        response = await client.post(WEBHOOK_PATH, content=body, headers=meta.signed_headers(SECRET, body))
        [line] = errors(capsys)
    assert response.status_code == 500
    assert response.json() == {"error": "internal error"}
    assert line["request_id"] == response.headers["x-request-id"]
    assert line["event"] == f"unexpected KeyError answering POST {WEBHOOK_PATH}"
    assert "Traceback" in line["exception"]
    assert "KeyError" in line["exception"]
    assert PATIENT not in json.dumps(line)


@pytest.mark.usefixtures("logged")
async def test_a_bug_behind_a_route_with_a_patient_in_its_path_is_logged_with_the_route_not_the_path(
    container: Container, capsys: pytest.CaptureFixture[str]
) -> None:
    logs.configure("json", "info")
    issued = await container.staff_access().issue(load_demo_clinic().id, "recepción")
    container.staff_desk.override(providers.Object(BuggyDesk()))
    headers = {"Authorization": f"Bearer {issued.secret}"}
    async with AsyncTestClient(app=create_app(container)) as client:
        errors(capsys)
        response = await client.get("/api/v1/conversations", headers=headers)
        [line] = errors(capsys)
        # An expected refusal is no error line.
        assert (await client.post("/api/v1/appointments/nope/cancel", headers=headers)).status_code == 404
        assert (await client.put("/api/v1/blocked-numbers/user_id:%20", headers=headers)).status_code == 400
        assert errors(capsys) == []
    assert response.status_code == 500
    assert line["request_id"] == response.headers["x-request-id"]
    assert line["event"] == "unexpected ZeroDivisionError answering GET /api/v1/conversations"
    assert "ZeroDivisionError: a bug" in line["exception"]
