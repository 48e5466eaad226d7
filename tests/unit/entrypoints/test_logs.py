"""Logs are one JSON object per line, carry the request's id (given or made), and never a whole
phone number, even when a message or a library lets one through."""

from __future__ import annotations

import json
import logging
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from application.pseudonyms import Pseudonyms
from entrypoints import logs
from entrypoints.container import build_container
from entrypoints.settings import Settings
from entrypoints.web import WEBHOOK_PATH, create_app
from tests import meta_payloads as meta
from tests.wamids import wamid

SECRET = "logs-tests-secret"
NAMES = Pseudonyms(b"logs-tests-hash-key-" + b"0" * 32)
PHONE = "56911112222"


@pytest.fixture
def logged(capsys: pytest.CaptureFixture[str]) -> Iterator[pytest.CaptureFixture[str]]:
    """The captured stderr, where each test has JSON logs written (its own handler: pytest's
    stderr of the test differs from the fixture's); the root logger as it was afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield capsys
    for handler in root.handlers[:]:
        root.removeHandler(handler)
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(False)


def lines(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.strip()]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("reply to 56911112222 failed", "reply to *******2222 failed"),
        ("from +56 9 1111 2222? no: +56911112222", "from +56 9 1111 2222? no: *******2222"),
        ("patient phone:*******2222", "patient phone:*******2222"),
        ("at 2026-12-02T00:31:06Z, 1234567 tokens", "at 2026-12-02T00:31:06Z, 1234567 tokens"),
        ("wamid.HBgL56911112222FQIAERgS", "wamid.HBgL56911112222FQIAERgS"),
    ],
)
def test_phone_numbers_are_masked_and_nothing_else(text: str, shown: str) -> None:
    assert logs.mask_phone_numbers(text) == shown


def test_a_python_warning_is_a_json_line_not_raw_stderr(logged: pytest.CaptureFixture[str]) -> None:
    # A library's warning (redis-py 8 warned this way about its Retry) must not break the JSON stream.
    logs.configure("json", "info")
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.warn_explicit("a library says: this is deprecated", UserWarning, "lib.py", 7)
    (line,) = lines(logged)
    assert line["level"] == "warning"
    assert line["logger"] == "py.warnings"
    assert "this is deprecated" in line["event"]


def test_a_line_is_json_with_its_context_and_no_phone_number(logged: pytest.CaptureFixture[str]) -> None:
    logs.configure("json", "info")
    with logs.bound(turn_id="t1", clinic_id="sonrisa"):
        logging.getLogger("somewhere").warning("send to %s failed", "56911112222")
    logging.getLogger("somewhere").info("outside")
    first, second = lines(logged)
    assert first["event"] == "send to *******2222 failed"
    assert (first["level"], first["logger"], first["turn_id"], first["clinic_id"]) == (
        "warning",
        "somewhere",
        "t1",
        "sonrisa",
    )
    assert first["timestamp"].endswith("Z")
    assert "turn_id" not in second


def test_an_exception_is_one_line_with_its_traceback(logged: pytest.CaptureFixture[str]) -> None:
    logs.configure("json", "info")
    try:
        raise RuntimeError("boom for 56911112222")
    except RuntimeError:
        logging.getLogger("somewhere").exception("it failed")
    [line] = lines(logged)
    assert "RuntimeError: boom for *******2222" in line["exception"]


async def test_each_request_gets_an_id_that_its_log_lines_and_its_answer_carry(
    logged: pytest.CaptureFixture[str],
) -> None:
    logs.configure("json", "info")
    container = build_container(
        Settings.from_environment({"META_APP_SECRET": SECRET, "META_VERIFY_TOKEN": "verify"})
    )
    body = b'{"object": "whatsapp_business_account", "entry": "not a list"}'
    async with AsyncTestClient(app=create_app(container)) as client:
        lines(logged)  # start-up
        made = await client.post(WEBHOOK_PATH, content=body, headers=meta.signed_headers(SECRET, body))
        given = await client.get("/health", headers={"X-Request-ID": "lb-1234.abc"})
        refused = await client.get("/health", headers={"X-Request-ID": "no spaces\nor newlines"})
    assert made.status_code == 400
    request_id = made.headers["x-request-id"]
    assert len(request_id) == 16
    [malformed] = [line for line in lines(logged) if line["event"].startswith("malformed")]
    assert malformed["request_id"] == request_id
    assert given.headers["x-request-id"] == "lb-1234.abc"
    assert refused.headers["x-request-id"] not in ("", "no spaces\nor newlines")


def test_a_message_id_anywhere_in_a_line_becomes_its_keyed_hash(logged: pytest.CaptureFixture[str]) -> None:
    # A wamid is base64 holding the patient's number: an error of Meta's or a library may echo one.
    ours, theirs = wamid(PHONE), wamid(PHONE)
    logs.configure("json", "info", NAMES)
    with logs.bound(turn_id="t1", clinic_id="sonrisa", request_id=f"req-{ours}"):
        logging.getLogger("somewhere").warning("Graph API said: message %s (%r) unknown", ours, [theirs])
    try:
        raise RuntimeError(f"duplicate key (message_id)=({theirs})")
    except RuntimeError:
        logging.getLogger("somewhere").exception("insert failed for %s", {"id": ours})
    first, second = lines(logged)
    everything = json.dumps([first, second])
    for message_id in (ours, theirs):
        assert message_id.removeprefix("wamid.") not in everything
    assert (
        first["event"]
        == f"Graph API said: message {NAMES.message(ours)} (['{NAMES.message(theirs)}']) unknown"
    )
    assert first["request_id"] == f"req-{NAMES.message(ours)}"
    assert second["event"] == f"insert failed for {{'id': '{NAMES.message(ours)}'}}"
    assert f"(message_id)=({NAMES.message(theirs)})" in second["exception"]


@pytest.mark.parametrize(
    "shape",
    [
        "wamid.HBgLNTY5MTExMTIyMjIVAgASGBQzRUIwQjM2RjA3QzlBNjlEMjY3MwA=",  # standard base64
        "wamid.HBgLNTY5MTExMTIyMjIVAgASGBQzRUIwQjM2RjA3QzlBNjlEMjY3MwA",  # unpadded
        "wamid.HBgLNTY5MTExMTIyMjIVAgASGBQz-_UIwQjM2RjA3QzlBNjlEMjY3MwA",  # URL-safe
        "wamid.HBgLNTY5MTExMTIyMjIVAgASGBQz+/UIwQjM2RjA3QzlBNjlEMjY3MwA==",
        "WAMID.HBgLNTY5MTExMTIyMjIVAgASGBQzRUIwQjM2RjA3QzlBNjlEMjY3MwA=",
    ],
)
def test_every_shape_of_a_message_id_is_replaced(logged: pytest.CaptureFixture[str], shape: str) -> None:
    logs.configure("json", "info", NAMES)
    logging.getLogger("somewhere").info("seen %s, then %s.", shape, f'"{shape}"')
    [line] = lines(logged)
    name = NAMES.message(shape)
    assert line["event"] == f'seen {name}, then "{name}".'


def test_in_text_format_too_no_message_id_or_phone_number_reaches_the_line(
    logged: pytest.CaptureFixture[str],
) -> None:
    message_id = wamid(PHONE)
    logs.configure("text", "info", NAMES)
    try:
        raise RuntimeError(f"no such message {message_id} for {PHONE}")
    except RuntimeError:
        logging.getLogger("somewhere").exception("failed")
    shown = logged.readouterr().err
    assert NAMES.message(message_id) in shown
    assert message_id.removeprefix("wamid.") not in shown
    assert PHONE not in shown


def test_a_keyed_hash_or_an_id_of_ours_is_never_taken_for_a_phone_number(
    logged: pytest.CaptureFixture[str],
) -> None:
    logs.configure("json", "info", NAMES)
    logging.getLogger("somewhere").info("message 1234567890abcdef, turn 12345678901234ab")
    [line] = lines(logged)
    assert line["event"] == "message 1234567890abcdef, turn 12345678901234ab"
