"""A bad-input corpus for POST /webhooks/whatsapp, through the real HTTP app: never a 5xx, never a crash.

Anyone can reach a public webhook, and Meta retries every 5xx for days, so whatever arrives must be
answered 2xx or 4xx: 401/403 for a missing or bad signature, 400 for a signed body that is not a
delivery, 413 for more than 3 MB, 200 for anything well formed (even if it is ignored). A crash is an
unhandled exception seen by the app (an ``after_exception`` hook) or an ERROR log record, which is where
a failure in a background task would surface once messages are handled after the 200.

Known bugs stay in the corpus as ``xfail(strict=True)`` cases; each names the bug. Every heavier test ends
by checking that the app still answers a genuine message.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import itertools
import json
import logging
import time
import traceback
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TypeAlias
from zoneinfo import ZoneInfo

import httpx
import pytest
from dependency_injector import providers
from hypothesis import given, settings
from hypothesis import strategies as st
from litestar import Litestar
from litestar.exceptions import HTTPException
from litestar.testing import TestClient
from litestar.types import Scope

from adapters.memory.clock import FixedClock
from adapters.memory.sender import RecordingSender
from adapters.meta.signature import sign
from domain.ids import PatientAddress
from entrypoints.container import build_container
from entrypoints.settings import Settings
from entrypoints.web import create_app
from tests import meta_payloads as meta

pytestmark = pytest.mark.integration

SECRET = "bad-input-app-secret"
VERIFY = "bad-input-verify-token"
PATH = "/webhooks/whatsapp"
SIGNATURE = "X-Hub-Signature-256"
PHONE_NUMBER_ID = "100000000000001"  # the demo clinic's
PATIENT = "56911112222"
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("America/Santiago"))
TS = int(NOW.timestamp())
MAX_BODY = 3 * 1024 * 1024  # the contract: a delivery of more than 3 MB is refused unread
REPLY_WAIT_SECONDS = 5.0

Json: TypeAlias = "bool | int | float | str | list[Json] | dict[str, Json] | None"
JsonPath: TypeAlias = tuple[str | int, ...]
Headers: TypeAlias = Mapping[str, str] | Mapping[bytes, bytes] | Sequence[tuple[str, str]]

OK = frozenset({200})
MALFORMED = frozenset({400})
UNSIGNED = frozenset({401})
FORGED = frozenset({403})
REFUSED = frozenset({401, 403})
TOO_LARGE = frozenset({413})
OK_OR_MALFORMED = frozenset({200, 400})
NOT_5XX = frozenset(range(200, 300)) | frozenset(range(400, 500))


# --- the app under test -------------------------------------------------------------------------------


class CrashWitness(logging.Handler):
    """Collects what a crash leaves behind: unhandled exceptions in the app and ERROR log records."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        detail = "".join(traceback.format_exception(*record.exc_info)) if record.exc_info else ""
        self.seen.append(f"ERROR log from {record.name}: {record.getMessage()}\n{detail}")

    async def after_exception(self, exception: Exception, scope: Scope) -> None:
        if isinstance(exception, HTTPException) and exception.status_code < 500:
            return  # a 4xx raised on purpose (413 for a large body), not a crash
        self.seen.append("".join(traceback.format_exception(exception)))

    def take(self) -> list[str]:
        seen, self.seen = self.seen, []
        return seen


@dataclass
class Webhook:
    """The real app over an in-memory container, driven by a synchronous test client."""

    client: TestClient[Litestar]
    sender: RecordingSender
    witness: CrashWitness
    counter: Iterator[int] = field(default_factory=itertools.count)

    def post(self, body: bytes, headers: Headers) -> httpx.Response:
        return self.client.post(PATH, content=body, headers=headers)

    def post_signed(self, body: bytes) -> httpx.Response:
        return self.post(body, meta.signed_headers(SECRET, body))

    def post_json(self, payload: Json) -> httpx.Response:
        return self.post_signed(encode(payload))

    def expect(self, response: httpx.Response, allowed: frozenset[int], what: str) -> None:
        """``response`` has an allowed status and nothing crashed while the app produced it."""
        crashes = self.witness.take()
        problem = (
            f"{what}: HTTP {response.status_code} {response.text[:200]!r}, expected "
            f"{sorted(allowed) if len(allowed) < 10 else '2xx or 4xx'}\n" + "\n".join(crashes)
        )
        assert not crashes, problem
        assert response.status_code in allowed, problem

    def wait_for_reply(self, patient: str) -> None:
        """Replies may be sent after the 200 (in a background task): poll for one."""
        deadline = time.monotonic() + REPLY_WAIT_SECONDS
        while not self.sender.to(PatientAddress(patient)) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert self.sender.to(PatientAddress(patient)), f"no reply within {REPLY_WAIT_SECONDS}s"
        crashes = self.witness.take()
        assert not crashes, "\n".join(crashes)

    def assert_still_serves(self) -> None:
        """A genuine delivery from a new patient is answered 200, then a reply is sent."""
        n = next(self.counter)
        patient = f"5699{n:07d}"
        delivery = text_delivery("Quiero agendar una cita", message_id=f"wamid.still.{n}", sender=patient)
        self.expect(self.post_json(delivery), OK, "a genuine delivery after the bad ones")
        self.wait_for_reply(patient)


@contextmanager
def open_webhook() -> Iterator[Webhook]:
    settings_ = Settings(meta_app_secret=SECRET, meta_verify_token=VERIFY, lock_settle=timedelta(0))
    container = build_container(settings_)
    container.clock.override(providers.Object(FixedClock(NOW)))
    sender = container.sender()
    assert isinstance(sender, RecordingSender)
    app = create_app(container)
    witness = CrashWitness()
    app.after_exception.append(witness.after_exception)
    root = logging.getLogger()
    root.addHandler(witness)
    try:
        with TestClient(app=app) as client:
            yield Webhook(client, sender, witness)
        # Leaving the client shuts the app down, waiting for work still running after the last 200.
        late = witness.take()
        assert not late, "crashed after the last response:\n" + "\n".join(late)
    finally:
        root.removeHandler(witness)


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    with open_webhook() as hook:
        yield hook


# --- payloads -------------------------------------------------------------------------------------------


def encode(payload: Json) -> bytes:
    return json.dumps(payload).encode()


def text_delivery(
    text: str = "Quiero agendar una cita",
    *,
    message_id: str = "wamid.bad-input",
    sender: str = PATIENT,
    phone_number_id: str = PHONE_NUMBER_ID,
) -> Json:
    return meta.text_delivery(phone_number_id, sender, message_id, text, TS)


def delivery_of(item: Json) -> Json:
    """A delivery of one ``messages[]`` item, with the sender's contact."""
    assert isinstance(item, dict)
    return meta.single_message_delivery(PHONE_NUMBER_ID, item)


def status_delivery(status: str = "read", timestamp: str = str(TS)) -> Json:
    payload = meta.status_delivery(PHONE_NUMBER_ID, PATIENT, "wamid.OUT.1", status, TS)
    payload["entry"][0]["changes"][0]["value"]["statuses"][0]["timestamp"] = timestamp
    return payload


def at(value: Json, path: JsonPath) -> Json:
    for key in path:
        if isinstance(value, dict) and isinstance(key, str):
            value = value[key]
            continue
        if not (isinstance(value, list) and isinstance(key, int)):
            raise KeyError(path)
        value = value[key]
    return value


def nodes(value: Json, path: JsonPath = ()) -> Iterator[tuple[JsonPath, Json]]:
    """Every (path, value) of a JSON document, the root first."""
    yield path, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from nodes(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from nodes(child, (*path, index))


def replaced(root: Json, path: JsonPath, new: Json) -> Json:
    """A copy of ``root`` with the value at ``path`` replaced by ``new``."""
    if not path:
        return copy.deepcopy(new)
    result = copy.deepcopy(root)
    parent, key = at(result, path[:-1]), path[-1]
    if isinstance(parent, dict) and isinstance(key, str):
        parent[key] = copy.deepcopy(new)
        return result
    if not (isinstance(parent, list) and isinstance(key, int)):
        raise KeyError(path)
    parent[key] = copy.deepcopy(new)
    return result


def without(root: Json, path: JsonPath) -> Json:
    """A copy of ``root`` without the object member at ``path``."""
    result = copy.deepcopy(root)
    parent, key = at(result, path[:-1]), path[-1]
    assert isinstance(parent, dict)
    assert isinstance(key, str)
    del parent[key]
    return result


def json_type(value: Json) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def dotted(path: JsonPath) -> str:
    text = "".join(f"[{key}]" if isinstance(key, int) else f".{key}" for key in path)
    return text.lstrip(".") or "$"


GOOD: Json = text_delivery()
GOOD_BODY = encode(GOOD)
GOOD_PATHS = [path for path, _ in nodes(GOOD)]
MEMBER_PATHS = [path for path in GOOD_PATHS if path and isinstance(path[-1], str)]
OBJECT_PATHS = [path for path, value in nodes(GOOD) if isinstance(value, dict)]
OTHER_TYPES: tuple[Json, ...] = (None, 1, "x", [], {}, True)
MESSAGE: JsonPath = ("entry", 0, "changes", 0, "value", "messages", 0)
VALUE: JsonPath = ("entry", 0, "changes", 0, "value")


# --- the corpus ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One request: its body, its headers, the statuses the contract allows, and a known bug if any."""

    name: str
    body: bytes
    headers: Headers
    expected: frozenset[int]
    bug: str | None = None


def signed(name: str, body: bytes, expected: frozenset[int], bug: str | None = None) -> Case:
    return Case(name, body, meta.signed_headers(SECRET, body), expected, bug)


def with_signature(name: str, value: str | bytes, expected: frozenset[int] = FORGED) -> Case:
    if isinstance(value, bytes):
        return Case(
            name, GOOD_BODY, {b"Content-Type": b"application/json", SIGNATURE.encode(): value}, expected
        )
    return Case(name, GOOD_BODY, {"Content-Type": "application/json", SIGNATURE: value}, expected)


GOOD_HEX = sign(SECRET, GOOD_BODY).removeprefix("sha256=")
SHA1_HEX = hmac.new(SECRET.encode(), GOOD_BODY, hashlib.sha1).hexdigest()

SIGNATURE_CASES = [
    Case("missing_header", GOOD_BODY, {"Content-Type": "application/json"}, UNSIGNED),
    with_signature("empty_header", "", UNSIGNED),
    with_signature("prefix_without_hex", "sha256="),
    with_signature("wrong_hex", "sha256=" + "0" * 64),
    with_signature("not_hex", "sha256=" + "zz" * 32),
    with_signature("hex_one_digit_short", "sha256=" + GOOD_HEX[:-1]),
    with_signature("hex_one_digit_long", "sha256=" + GOOD_HEX + "0"),
    # signature.py accepts uppercase hex on purpose: the same 256-bit value, no forgery admitted.
    with_signature("right_hex_in_uppercase_is_accepted", "sha256=" + GOOD_HEX.upper(), OK),
    with_signature(
        "right_hex_with_spaces", "sha256=" + " ".join(GOOD_HEX[i : i + 2] for i in range(0, 64, 2))
    ),
    with_signature("right_hex_after_a_space", "sha256= " + GOOD_HEX),
    with_signature("right_hex_with_uppercase_prefix", "SHA256=" + GOOD_HEX),
    with_signature("right_hex_without_prefix", GOOD_HEX),
    with_signature("right_hex_with_sha1_prefix", "sha1=" + GOOD_HEX),
    with_signature("genuine_hmac_sha1", "sha1=" + SHA1_HEX),
    Case(
        "only_the_legacy_sha1_header",
        GOOD_BODY,
        {"Content-Type": "application/json", "X-Hub-Signature": "sha1=" + SHA1_HEX},
        UNSIGNED,
    ),
    with_signature("valid_signature_of_another_body", sign(SECRET, encode(text_delivery("hola")))),
    with_signature("signed_with_the_wrong_secret", sign("not-the-secret", GOOD_BODY)),
    with_signature("signed_with_an_empty_secret", sign("", GOOD_BODY)),
    with_signature("non_ascii_utf8_bytes", b"sha256=" + "é".encode() * 32),
    with_signature("non_utf8_bytes", b"sha256=" + b"\xff\xfe" * 32),
    with_signature("fullwidth_digits", ("sha256=" + "０" * 64).encode()),
    Case(
        "a_forged_and_a_genuine_signature_header",
        GOOD_BODY,
        [
            ("Content-Type", "application/json"),
            (SIGNATURE, "sha256=" + "0" * 64),
            (SIGNATURE, "sha256=" + GOOD_HEX),
        ],
        REFUSED,
    ),
]

DEEP = 10_000


def _truncations() -> list[Case]:
    cuts = {1, len(GOOD_BODY) - 1, *(len(GOOD_BODY) * k // 8 for k in range(1, 8))}
    for marker in (b'"entry": [', b'"messages": [', b'"body": "', b'"timestamp": "'):
        cuts.add(GOOD_BODY.index(marker) + len(marker))
    return [signed(f"truncated_at_byte_{cut}", GOOD_BODY[:cut], MALFORMED) for cut in sorted(cuts)]


def _with_message_member(key: str, value: Json) -> bytes:
    payload = copy.deepcopy(GOOD)
    message = at(payload, MESSAGE)
    assert isinstance(message, dict)
    message[key] = value
    return encode(payload)


EMPTY_BATCH = b'{"object": "whatsapp_business_account", "entry": []}'

BODY_CASES = [
    signed("empty_body", b"", MALFORMED),
    signed("whitespace_only", b" \n\t ", MALFORMED),
    *_truncations(),
    signed("trailing_garbage", GOOD_BODY + b" }", MALFORMED),
    signed("two_documents", GOOD_BODY + GOOD_BODY, MALFORMED),
    signed(
        "latin1_encoded", json.dumps(text_delivery("mañana"), ensure_ascii=False).encode("latin-1"), MALFORMED
    ),
    signed("utf16_encoded", json.dumps(GOOD).encode("utf-16"), MALFORMED),
    signed("random_non_utf8_bytes", b"\xff\xfe\xfd\x80\x00\x81", MALFORMED),
    signed("invalid_utf8_inside_a_string", GOOD_BODY.replace(b"cita", b"cit\xe1"), MALFORMED),
    signed("overlong_utf8_inside_a_string", GOOD_BODY.replace(b"cita", b"cit\xc0\xaf"), MALFORMED),
    signed("utf8_encoded_surrogate_inside_a_string", GOOD_BODY.replace(b"cita", b"\xed\xa0\x80"), MALFORMED),
    signed("escaped_lone_surrogate", GOOD_BODY.replace(b"cita", b"\\ud800"), OK),
    signed("escaped_lone_low_surrogate", GOOD_BODY.replace(b"cita", b"\\udfff"), OK),
    signed("escaped_surrogates_in_the_wrong_order", GOOD_BODY.replace(b"cita", b"\\ude00\\ud83d"), OK),
    signed(
        "escaped_nul_and_controls_inside_a_string", GOOD_BODY.replace(b"cita", b"\\u0000\\u001b\\u0085"), OK
    ),
    signed("nul_byte_outside_a_string", GOOD_BODY.replace(b", ", b",\x00", 1), MALFORMED),
    signed("utf8_bom", b"\xef\xbb\xbf" + GOOD_BODY, OK_OR_MALFORMED),
    signed("nan_literal", EMPTY_BATCH[:-1] + b', "x": NaN}', MALFORMED),
    signed("single_quotes", GOOD_BODY.replace(b'"', b"'"), MALFORMED),
    signed("json_array", b"[]", MALFORMED),
    signed("json_array_of_deliveries", b"[" + GOOD_BODY + b"]", MALFORMED),
    signed("json_number", b"1", MALFORMED),
    signed("json_float", b"-1.5e300", MALFORMED),
    signed("json_string", b'"whatsapp_business_account"', MALFORMED),
    signed("json_null", b"null", MALFORMED),
    signed("json_true", b"true", MALFORMED),
    signed("empty_object", b"{}", MALFORMED),
    signed("object_without_entry", b'{"object": "whatsapp_business_account"}', MALFORMED),
    signed("empty_batch", EMPTY_BATCH, OK),
    signed("duplicate_keys", b'{"object": "x", "object": "y", "entry": [], "entry": []}', OK_OR_MALFORMED),
    signed("huge_integer_in_unknown_field", EMPTY_BATCH[:-1] + b', "x": ' + b"9" * 4000 + b"}", OK),
    signed("number_out_of_double_range", EMPTY_BATCH[:-1] + b', "x": 1e400}', OK_OR_MALFORMED),
    signed(f"{DEEP}_open_brackets", b"[" * DEEP, MALFORMED),
    signed(f"{DEEP}_nested_arrays", b"[" * DEEP + b"]" * DEEP, MALFORMED),
    signed(f"{DEEP}_nested_objects", b'{"a":' * DEEP + b"1" + b"}" * DEEP, MALFORMED),
    signed(
        f"{DEEP}_nested_arrays_as_entry",
        b'{"object": "x", "entry": ' + b"[" * DEEP + b"]" * DEEP + b"}",
        MALFORMED,
    ),
    signed(
        f"{DEEP}_nested_arrays_in_an_unknown_top_level_field",
        EMPTY_BATCH[:-1] + b', "x": ' + b"[" * DEEP + b"]" * DEEP + b"}",
        MALFORMED,  # well-formed, but no delivery nests ten thousand levels: refused, not a crash
    ),
    signed(
        f"{DEEP}_open_brackets_in_an_unknown_top_level_field",
        EMPTY_BATCH[:-1] + b', "x": ' + b"[" * DEEP,
        MALFORMED,
    ),
    signed(
        f"{DEEP}_nested_objects_in_an_unknown_field_of_a_message",
        _with_message_member("x", "DEEP").replace(b'"DEEP"', b'{"a":' * DEEP + b"1" + b"}" * DEEP),
        MALFORMED,
    ),
    signed(
        "huge_profile_name",
        encode(
            meta.text_delivery(
                PHONE_NUMBER_ID, PATIENT, "wamid.big", "hola", TS, profile_name="n" * 2_500_000
            )
        ),
        OK,
    ),
    signed("huge_string_in_unknown_field", _with_message_member("x", "y" * 2_500_000), OK),
    signed("exactly_3_mb", EMPTY_BATCH + b" " * (MAX_BODY - len(EMPTY_BATCH)), OK),
    signed("just_over_3_mb", EMPTY_BATCH + b" " * (MAX_BODY + 1 - len(EMPTY_BATCH)), TOO_LARGE),
    Case(
        "just_over_3_mb_unsigned",
        b"x" * (MAX_BODY + 1),
        {"Content-Type": "application/json"},
        UNSIGNED,  # refused on its headers, before its body is read
    ),
    Case(
        "just_over_3_mb_wrongly_signed",
        b"x" * (MAX_BODY + 1),
        {"Content-Type": "application/json", SIGNATURE: "sha256=" + "0" * 64},
        TOO_LARGE,
    ),
    Case(
        "content_type_text_plain",
        GOOD_BODY,
        {**meta.signed_headers(SECRET, GOOD_BODY), "Content-Type": "text/plain"},
        NOT_5XX,
    ),
    Case(
        "content_type_form",
        GOOD_BODY,
        {**meta.signed_headers(SECRET, GOOD_BODY), "Content-Type": "application/x-www-form-urlencoded"},
        NOT_5XX,
    ),
    Case(
        "content_type_multipart_without_boundary",
        GOOD_BODY,
        {**meta.signed_headers(SECRET, GOOD_BODY), "Content-Type": "multipart/form-data"},
        NOT_5XX,
    ),
    Case(
        "content_type_garbage",
        GOOD_BODY,
        {**meta.signed_headers(SECRET, GOOD_BODY), "Content-Type": ";;=\x7f"},
        NOT_5XX,
    ),
]


def as_param(case: Case) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=case.bug)] if case.bug else []
    return pytest.param(case, id=case.name, marks=marks)


@pytest.mark.parametrize("case", [as_param(c) for c in SIGNATURE_CASES])
def test_signature(webhook: Webhook, case: Case) -> None:
    webhook.expect(webhook.post(case.body, case.headers), case.expected, case.name)
    if case.expected != OK:
        assert webhook.sender.sent == []


@pytest.mark.parametrize("case", [as_param(c) for c in BODY_CASES])
def test_body(webhook: Webhook, case: Case) -> None:
    webhook.expect(webhook.post(case.body, case.headers), case.expected, case.name)


def test_a_body_over_3_mb_streamed_without_content_length_is_refused(webhook: Webhook) -> None:
    def chunks() -> Iterator[bytes]:
        yield EMPTY_BATCH
        for _ in range(4):
            yield b" " * (1024 * 1024)

    headers = {"Content-Type": "application/json", SIGNATURE: "sha256=" + "0" * 64}
    response = webhook.client.post(PATH, content=chunks(), headers=headers)
    webhook.expect(response, TOO_LARGE, "a chunked body of 4 MB")
    webhook.assert_still_serves()


def test_the_whole_corpus_through_one_app_then_a_genuine_message_is_answered(webhook: Webhook) -> None:
    failures: list[str] = []
    for case in SIGNATURE_CASES + BODY_CASES:
        response = webhook.post(case.body, case.headers)
        if case.bug is not None:
            webhook.witness.take()  # a known bug: only the app's survival is checked here
            continue
        try:
            webhook.expect(response, case.expected, case.name)
        except AssertionError as failure:
            failures.append(str(failure))
    assert failures == []
    webhook.assert_still_serves()


# --- every field of a real delivery, of the wrong type, missing, or joined by unknown ones --------------


@pytest.mark.parametrize("path", GOOD_PATHS, ids=dotted)
def test_a_field_of_another_json_type(webhook: Webhook, path: JsonPath) -> None:
    original = at(GOOD, path)
    for value in OTHER_TYPES:
        if json_type(value) != json_type(original):
            payload = replaced(GOOD, path, value)
            webhook.expect(webhook.post_json(payload), OK_OR_MALFORMED, f"{dotted(path)} = {value!r}")


@pytest.mark.parametrize("path", MEMBER_PATHS, ids=dotted)
def test_a_missing_field(webhook: Webhook, path: JsonPath) -> None:
    webhook.expect(webhook.post_json(without(GOOD, path)), OK_OR_MALFORMED, f"without {dotted(path)}")


REQUIRED: list[JsonPath] = [
    ("object",),
    ("entry",),
    ("entry", 0, "id"),
    ("entry", 0, "changes", 0, "field"),
    ("entry", 0, "changes", 0, "value"),
    (*VALUE, "metadata", "phone_number_id"),
    (*VALUE, "metadata", "display_phone_number"),
    (*MESSAGE, "id"),
    (*MESSAGE, "timestamp"),
    (*MESSAGE, "type"),
    (*MESSAGE, "text", "body"),
]


@pytest.mark.parametrize("path", REQUIRED, ids=dotted)
def test_a_missing_required_field_is_a_400(webhook: Webhook, path: JsonPath) -> None:
    webhook.expect(webhook.post_json(without(GOOD, path)), MALFORMED, f"without {dotted(path)}")
    assert webhook.sender.sent == []


def test_wrong_types_and_missing_fields_leave_the_app_serving(webhook: Webhook) -> None:
    for path in GOOD_PATHS:
        for value in OTHER_TYPES:
            webhook.expect(webhook.post_json(replaced(GOOD, path, value)), OK_OR_MALFORMED, dotted(path))
    for path in MEMBER_PATHS:
        webhook.expect(webhook.post_json(without(GOOD, path)), OK_OR_MALFORMED, f"without {dotted(path)}")
    webhook.assert_still_serves()


UNKNOWN_NAMES = ["x_unknown", "", " ", "__proto__", "constructor", "ñandú", "from_", "text ", "ID", "🦷"]


def test_unknown_fields_everywhere_are_ignored(webhook: Webhook) -> None:
    payload = copy.deepcopy(GOOD)
    for path in OBJECT_PATHS:
        target = at(payload, path)
        assert isinstance(target, dict)
        for n, name in enumerate(UNKNOWN_NAMES):
            target.setdefault(name, [{"nested": [n, None, "x", 1.5, True]}] if n % 2 else n)
    webhook.expect(webhook.post_json(payload), OK, "unknown fields in every object")
    webhook.wait_for_reply(PATIENT)


@pytest.mark.parametrize("path", OBJECT_PATHS, ids=dotted)
def test_an_unknown_field_in_one_object_is_a_200(webhook: Webhook, path: JsonPath) -> None:
    payload = copy.deepcopy(GOOD)
    target = at(payload, path)
    assert isinstance(target, dict)
    target["x_added_by_meta_next_year"] = {"a": [1, {"b": None}]}
    webhook.expect(webhook.post_json(payload), OK, f"unknown field in {dotted(path)}")


# --- messages Meta may send that ClinicFlow does not expect ------------------------------------------------


def message(type_: str, message_id: str = "wamid.kind", **content: Json) -> Json:
    return meta.message(PATIENT, message_id, TS, type_) | content


UNSUPPORTED_ERRORS: Json = [
    {
        "code": 131051,
        "title": "Message type unknown",
        "message": "Message type unknown",
        "error_data": {"details": "Message type is currently not supported."},
    }
]

KINDS: dict[str, Json] = {
    "reaction": message("reaction", reaction={"message_id": meta.REPLIED_TO_ID, "emoji": "👍"}),
    "reaction_removed": message("reaction", reaction={"message_id": meta.REPLIED_TO_ID}),
    "sticker": message("sticker", sticker={"mime_type": "image/webp", "id": "1", "animated": False}),
    "order": message(
        "order",
        order={
            "catalog_id": "1",
            "text": "hola",
            "product_items": [
                {"product_retailer_id": "x", "quantity": 1, "item_price": 9.5, "currency": "CLP"}
            ],
        },
    ),
    "system": message(
        "system", system={"body": "changed number", "wa_id": "56900000000", "type": "user_changed_number"}
    ),
    "unknown": message("unknown", errors=UNSUPPORTED_ERRORS),
    "unsupported": message("unsupported", errors=UNSUPPORTED_ERRORS),
    "made_up": message("holograma_3d", holograma_3d={"frames": [[1, 2], [3]], "fps": 60}),
    "empty_type": message(""),
    "location": message("location", location={"latitude": -33.45, "longitude": -70.66, "name": "Clínica"}),
    "contacts": message("contacts", contacts=[{"name": {"formatted_name": "Ana"}, "phones": []}]),
    "audio": message("audio", audio={"id": "1", "mime_type": "audio/ogg; codecs=opus", "voice": True}),
    "text_without_text": message("text"),
    "text_with_image": message("text", image={"id": "1"}),
    "interactive_without_interactive": message("interactive"),
    "interactive_nfm_reply": message(
        "interactive", interactive={"type": "nfm_reply", "nfm_reply": {"response_json": "{}", "body": "Sent"}}
    ),
    "interactive_button_reply_missing": message("interactive", interactive={"type": "button_reply"}),
    "button_reply_with_an_unknown_id": message(
        "interactive", interactive={"type": "button_reply", "button_reply": {"id": "NOT_OURS", "title": "?"}}
    ),
    "button_reply_with_empty_id_and_title": message(
        "interactive", interactive={"type": "button_reply", "button_reply": {"id": "", "title": ""}}
    ),
    "list_reply_with_an_unknown_id": message(
        "interactive",
        interactive={
            "type": "list_reply",
            "list_reply": {"id": "ROW_99", "title": "x", "description": "d" * 5000},
        },
    ),
    "template_button_with_an_unknown_payload": message(
        "button", button={"payload": "NOT_OURS", "text": "Sí"}
    ),
    "button_without_button": message("button"),
    "with_errors_and_text": message("text", text={"body": "hola"}, errors=UNSUPPORTED_ERRORS),
    "forwarded": message(
        "text", text={"body": "hola"}, context={"forwarded": True, "frequently_forwarded": True}
    ),
}


@pytest.mark.parametrize("item", KINDS.values(), ids=KINDS.keys())
def test_an_unexpected_message_kind_is_a_200(webhook: Webhook, item: Json) -> None:
    webhook.expect(webhook.post_json(delivery_of(item)), OK, "unexpected kind")


TEXTS = {
    "empty": "",
    "blank": "   \n\t",
    "zero_width_space": "\u200b",
    "nul": "\x00",
    "control_characters": "".join(map(chr, range(32))),
    "escaped_surrogate_pair": "🦷",
    "right_to_left": "مرحبا أريد موعدا",
    "emoji_only": "🦷" * 1000,
    "newlines_only": "\n" * 1000,
    "100_000_characters": ("Quiero agendar una cita " * 5000)[:100_000],
    "100_000_as": "a" * 100_000,
}


@pytest.mark.parametrize("text", TEXTS.values(), ids=TEXTS.keys())
def test_an_odd_text_is_a_200(webhook: Webhook, text: str) -> None:
    webhook.expect(webhook.post_json(text_delivery(text)), OK, "odd text")


SENDERS: dict[str, Json] = {
    "no_sender_at_all": meta.text_message(None, "wamid.s1", "hola", TS),
    "empty_from": meta.text_message("", "wamid.s2", "hola", TS),
    "blank_from": meta.text_message("   ", "wamid.s3", "hola", TS),
    "user_id_only": meta.text_message(None, "wamid.s4", "hola", TS, user_id="CL.123456789"),
    "blank_from_and_user_id": meta.text_message(" ", "wamid.s5", "hola", TS, user_id=" "),
    "letters_in_from": meta.text_message("not-a-phone", "wamid.s6", "hola", TS),
    "very_long_from": meta.text_message("5" * 10_000, "wamid.s7", "hola", TS),
    "empty_message_id": meta.text_message(PATIENT, "", "hola", TS),
    "blank_message_id": meta.text_message(PATIENT, "   ", "hola", TS),
    "zero_timestamp": meta.text_message(PATIENT, "wamid.s8", "hola", 0),
    "largest_timestamp": meta.text_message(PATIENT, "wamid.s9", "hola", 99_999_999_999),
}


@pytest.mark.parametrize("item", SENDERS.values(), ids=SENDERS.keys())
def test_an_odd_sender_id_or_time_is_a_200(webhook: Webhook, item: Json) -> None:
    webhook.expect(webhook.post_json(delivery_of(item)), OK, "odd sender, id or time")


BAD_MESSAGE_TIMESTAMPS = ["", "-1", "1.5", " 1", "1\n", "1e9", "123456789012", "abc", "١٢٣"]


@pytest.mark.parametrize("timestamp", BAD_MESSAGE_TIMESTAMPS)
def test_a_message_timestamp_that_is_not_unix_seconds_is_a_400(webhook: Webhook, timestamp: str) -> None:
    payload = replaced(GOOD, (*MESSAGE, "timestamp"), timestamp)
    webhook.expect(webhook.post_json(payload), MALFORMED, f"timestamp {timestamp!r}")


@pytest.mark.parametrize(
    "status", ["deleted", "warning", "", "READ", "pending", "played", "ñ" * 50, "failed"]
)
def test_a_receipt_with_an_unknown_status_is_a_200(webhook: Webhook, status: str) -> None:
    webhook.expect(webhook.post_json(status_delivery(status)), OK, f"status {status!r}")


@pytest.mark.parametrize(
    "timestamp",
    [
        "",
        "abc",
        "-1",
        "1.5",
        " 1 ",
        "1_000",
        "-99999999999",
        "253402300800",
        "9" * 5000,
        "1000000000000000000",
        "99999999999999999999",
    ],
    ids=[
        "empty",
        "letters",
        "negative",
        "fraction",
        "spaces",
        "underscore",
        "before_year_1",
        "after_year_9999",
        "5000_digits",
        "1e18",
        "20_nines",
    ],
)
def test_a_receipt_with_an_odd_time_is_a_200(webhook: Webhook, timestamp: str) -> None:
    webhook.expect(webhook.post_json(status_delivery("read", timestamp)), OK, f"status time {timestamp!r}")


def test_receipts_with_odd_error_codes_are_a_200(webhook: Webhook) -> None:
    for code in [0, -1, 2**63, 2**64, 10**30, -(2**70)]:
        failed = meta.failed_status(PATIENT, "wamid.OUT.2", TS, 1, "t")
        failed["errors"][0]["code"] = code
        payload = meta.delivery(meta.entry(meta.messages_value(PHONE_NUMBER_ID, statuses=[failed])))
        webhook.expect(webhook.post_json(payload), OK, f"error code {code}")
    webhook.assert_still_serves()


@pytest.mark.parametrize("phone_number_id", ["999", "", " ", "0" * 1000, "100000000000001 ", "ñ"])
def test_a_phone_number_id_of_no_clinic_is_acknowledged_and_ignored(
    webhook: Webhook, phone_number_id: str
) -> None:
    payload = text_delivery(phone_number_id=phone_number_id)
    webhook.expect(webhook.post_json(payload), OK, f"phone_number_id {phone_number_id!r}")
    time.sleep(0.05)  # a reply handled after the 200 would have had the time to show up
    assert webhook.sender.sent == []


def test_messages_without_metadata_or_of_other_fields_are_a_200(webhook: Webhook) -> None:
    no_metadata = without(GOOD, (*VALUE, "metadata"))
    other_field = replaced(GOOD, ("entry", 0, "changes", 0, "field"), "account_update")
    only_errors = replaced(GOOD, VALUE, {"errors": UNSUPPORTED_ERRORS, "messaging_product": "whatsapp"})
    for what, payload in [
        ("no metadata", no_metadata),
        ("account_update", other_field),
        ("errors", only_errors),
    ]:
        webhook.expect(webhook.post_json(payload), OK, what)
    assert webhook.sender.sent == []
    webhook.assert_still_serves()


# --- property-based: arbitrary JSON, mutated deliveries, arbitrary bytes ------------------------------------

KNOWN_KEYS = sorted(
    {key for path in GOOD_PATHS for key in path if isinstance(key, str)}
    | {
        "statuses",
        "errors",
        "code",
        "interactive",
        "button_reply",
        "list_reply",
        "button",
        "payload",
        "status",
    }
)
leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.sampled_from(["whatsapp_business_account", "messages", "text", PHONE_NUMBER_ID, str(TS)])
)
json_values: st.SearchStrategy[Json] = st.recursive(
    leaves,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(KNOWN_KEYS) | st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=25,
)


@st.composite
def json_bodies(draw: st.DrawFn, values: st.SearchStrategy[Json]) -> bytes:
    """JSON text of a drawn value, ASCII-escaped or raw UTF-8 (lone surrogates pass through as bytes)."""
    ascii_only = draw(st.booleans())
    return json.dumps(draw(values), ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")


@st.composite
def mutated_deliveries(draw: st.DrawFn) -> Json:
    """A genuine delivery (one text, or a batch of texts and receipts) with 1 to 3 random edits."""
    base: Json = draw(
        st.sampled_from([GOOD, meta.batch_delivery(PHONE_NUMBER_ID, PATIENT, ["hola", "mañana a las 4"], TS)])
    )
    payload = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 3))):
        paths = [path for path, _ in nodes(payload) if path]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        edit = draw(st.sampled_from(["replace", "delete", "add"]))
        parent = at(payload, path[:-1])
        if edit == "delete" and isinstance(parent, dict):
            payload = without(payload, path)
        elif edit == "add" and isinstance(parent, dict):
            key = draw(st.sampled_from(KNOWN_KEYS) | st.text(max_size=8))
            payload = replaced(payload, (*path[:-1], key), draw(json_values))
        else:
            payload = replaced(payload, path, draw(json_values))
    return payload


PROPERTY = settings(max_examples=200, deadline=None, database=None)


def test_arbitrary_json_is_a_200_or_a_400() -> None:
    with open_webhook() as hook:

        @PROPERTY
        @given(json_bodies(json_values))
        def check(body: bytes) -> None:
            hook.expect(hook.post_signed(body), OK_OR_MALFORMED, f"body {body[:300]!r}")

        check()
        hook.assert_still_serves()


def test_a_mutated_delivery_is_a_200_or_a_400() -> None:
    with open_webhook() as hook:

        @settings(PROPERTY, max_examples=300)
        @given(mutated_deliveries())
        def check(payload: Json) -> None:
            hook.expect(hook.post_json(payload), OK_OR_MALFORMED, f"delivery {encode(payload)[:500]!r}")

        check()
        hook.assert_still_serves()


def test_arbitrary_bytes_are_a_200_or_a_400() -> None:
    with open_webhook() as hook:

        @settings(PROPERTY, max_examples=150)
        @given(
            st.binary(max_size=200)
            | st.binary(max_size=40).map(lambda b: GOOD_BODY[: len(GOOD_BODY) // 2] + b)
        )
        def check(body: bytes) -> None:
            hook.expect(hook.post_signed(body), OK_OR_MALFORMED, f"body {body!r}")

        check()
        hook.assert_still_serves()


def test_arbitrary_signature_headers_are_refused() -> None:
    with open_webhook() as hook:

        @settings(PROPERTY, max_examples=150)
        @given(
            st.binary(max_size=80)
            | st.text(alphabet="0123456789abcdefABCDEF =", max_size=80).map(
                lambda t: ("sha256=" + t).encode()
            )
        )
        def check(header: bytes) -> None:
            headers = {b"Content-Type": b"application/json", SIGNATURE.encode(): header}
            hook.expect(hook.post(GOOD_BODY, headers), REFUSED, f"signature header {header!r}")

        check()
        assert hook.sender.sent == []
        hook.assert_still_serves()
