"""A document (an appointment's ``.ics``) through the Graph API sender against a fake Graph API:
uploaded first (multipart ``/media``), then sent by the media id Meta answered; upload failures
typed as every other send's, and each try uploads again."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest

from adapters.http_client import HttpClient
from adapters.memory.outbound import InMemoryOutboundLog
from adapters.meta.errors import (
    AccessTokenInvalid,
    GraphApiError,
    GraphApiUnreachable,
    MetaTemporaryError,
    PairRateLimited,
    ThroughputLimited,
)
from adapters.meta.sender import GraphApiConfig, GraphApiSender
from application.messages import DocumentReply
from domain.ids import PatientAddress
from tests.factories import clinic
from tests.integration.servers.fake_graph import TOKEN, Answer, FakeGraphApi, meta_error
from tests.integration.serving import free_port

pytestmark = pytest.mark.integration

ANA = PatientAddress("56911112222")
SONRISA = clinic()
MEDIA_PATH = f"/v23.0/{SONRISA.phone_number_id}/media"
MESSAGES_PATH = f"/v23.0/{SONRISA.phone_number_id}/messages"
ICS = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:PUBLISH\r\nBEGIN:VEVENT\r\n"
    b"SUMMARY:Limpieza dental\\, Cl\xc3\xadnica Sonrisa\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)
CAPTION = "Toca el archivo para agregar la cita a tu calendario."
CITA = DocumentReply("cita-2026-12-04.ics", "text/plain", ICS, CAPTION)


@pytest.fixture
async def sender(graph: FakeGraphApi) -> AsyncIterator[GraphApiSender]:
    async with httpx.AsyncClient() as client:
        yield GraphApiSender(
            HttpClient(client),
            GraphApiConfig(access_token=TOKEN, base_url=graph.url, timeout_seconds=0.5),
            outbound=InMemoryOutboundLog(),
        )


async def test_the_file_is_uploaded_then_sent_by_the_media_id_meta_gave_it(
    sender: GraphApiSender, graph: FakeGraphApi
) -> None:
    await sender.send(SONRISA, ANA, CITA, reference="outbox:9")
    upload, message = graph.requests
    assert (upload.method, upload.path) == ("POST", MEDIA_PATH)
    assert upload.headers["authorization"] == f"Bearer {TOKEN}"
    assert upload.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert upload.form == {"messaging_product": "whatsapp", "type": "text/plain"}
    [media_id] = graph.uploads
    uploaded = graph.uploaded(media_id)
    assert (uploaded.filename, uploaded.mime_type, uploaded.content_type) == (
        "cita-2026-12-04.ics",
        "text/plain",
        "text/plain",
    )
    assert uploaded.content == ICS
    assert (message.method, message.path) == ("POST", MESSAGES_PATH)
    assert message.json == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "+56911112222",
        "type": "document",
        "document": {"id": media_id, "filename": "cita-2026-12-04.ics", "caption": CAPTION},
        "biz_opaque_callback_data": "outbox:9",
    }
    assert graph.sent == [message.json]  # the upload is not a message
    assert isinstance(sender.outbound, InMemoryOutboundLog)
    assert [r.kind for r in sender.outbound.messages.values()] == ["document"]


async def test_an_uploaded_file_is_kept_at_meta_as_a_patients_file_is(
    sender: GraphApiSender, graph: FakeGraphApi
) -> None:
    await sender.send(SONRISA, ANA, CITA)
    [media_id] = graph.uploads
    async with httpx.AsyncClient() as client:
        auth = {"Authorization": f"Bearer {TOKEN}"}
        described = (await client.get(f"{graph.url}/v23.0/{media_id}", headers=auth)).json()
        assert described["mime_type"] == "text/plain"
        assert (await client.get(described["url"], headers=auth)).content == ICS


@pytest.mark.parametrize(
    ("refusal", "kind", "pause"),
    [
        (meta_error(130429, "Rate limit hit", status=429, retry_after="7"), ThroughputLimited, 7),
        (Answer(status=429, body={}), ThroughputLimited, None),
        (meta_error(131056, "pair rate limit hit"), PairRateLimited, None),
        (
            Answer(status=503, body={"error": {"message": "Service temporarily unavailable", "code": 2}}),
            MetaTemporaryError,
            None,
        ),
        (Answer(status=500, body={}), MetaTemporaryError, None),
    ],
)
async def test_an_upload_refused_for_now_fails_the_reply_for_the_outbox_to_try_again(
    sender: GraphApiSender, graph: FakeGraphApi, refusal: Answer, kind: type[GraphApiError], pause: int | None
) -> None:
    graph.answer(refusal)
    with pytest.raises(kind) as raised:
        await sender.send(SONRISA, ANA, CITA)
    assert raised.value.retryable
    assert raised.value.parts_sent == 0
    assert raised.value.retry_after == (timedelta(seconds=pause) if pause is not None else None)
    assert [r.path for r in graph.requests] == [MEDIA_PATH]  # one try, and no message without its file
    await sender.send(SONRISA, ANA, CITA)  # the outbox's next try
    assert [r.path for r in graph.requests] == [MEDIA_PATH, MEDIA_PATH, MESSAGES_PATH]
    assert graph.sent[0]["document"]["id"] in graph.uploads


@pytest.mark.parametrize(
    ("refusal", "kind"),
    [
        (meta_error(100, "Invalid parameter"), GraphApiError),
        (
            meta_error(190, "Error validating access token: Session has expired", status=401),
            AccessTokenInvalid,
        ),
    ],
)
async def test_an_upload_refused_for_good_says_so(
    sender: GraphApiSender, graph: FakeGraphApi, refusal: Answer, kind: type[GraphApiError]
) -> None:
    graph.answer(refusal)
    with pytest.raises(kind) as raised:
        await sender.send(SONRISA, ANA, CITA)
    assert not raised.value.retryable
    assert raised.value.http_status == refusal.status
    assert raised.value.parts_sent == 0
    assert graph.sent == []


async def test_a_type_meta_does_not_take_is_refused_for_good(
    sender: GraphApiSender, graph: FakeGraphApi
) -> None:
    with pytest.raises(GraphApiError) as raised:
        await sender.send(SONRISA, ANA, DocumentReply("cita.ics", "text/calendar", ICS))
    assert not raised.value.retryable
    assert raised.value.code == 100
    assert graph.uploads == {}


async def test_a_message_refused_after_its_upload_uploads_again_on_the_next_try(
    sender: GraphApiSender, graph: FakeGraphApi
) -> None:
    graph.answer(Answer(), Answer(status=500, body={"error": {"message": "oops", "code": 131000}}))
    with pytest.raises(MetaTemporaryError) as raised:
        await sender.send(SONRISA, ANA, CITA)
    assert raised.value.parts_sent == 0  # a document is one part: all of it goes again
    await sender.send(SONRISA, ANA, CITA, from_part=raised.value.parts_sent)
    first, second = graph.uploads
    assert first != second
    assert [body["document"]["id"] for body in graph.sent] == [first, second]


async def test_a_document_meta_already_took_is_not_sent_again(
    sender: GraphApiSender, graph: FakeGraphApi
) -> None:
    await sender.send(SONRISA, ANA, CITA, from_part=1)
    assert graph.requests == []


async def test_meta_refuses_a_document_naming_a_file_it_does_not_keep(graph: FakeGraphApi) -> None:
    async with httpx.AsyncClient() as client:
        answer = await client.post(
            f"{graph.url}{MESSAGES_PATH}",
            json={
                "messaging_product": "whatsapp",
                "to": "+56911112222",
                "type": "document",
                "document": {"id": "404404404", "filename": "cita.ics"},
            },
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == 100
    assert graph.accepted == []


async def test_an_unreachable_graph_api_fails_the_upload_as_worth_retrying() -> None:
    async with httpx.AsyncClient() as client:
        nowhere = GraphApiSender(
            HttpClient(client),
            GraphApiConfig(access_token=TOKEN, base_url=f"http://127.0.0.1:{free_port()}"),
        )
        with pytest.raises(GraphApiUnreachable) as raised:
            await nowhere.send(SONRISA, ANA, CITA)
    assert raised.value.retryable


async def test_neither_the_file_nor_the_number_nor_the_token_reaches_the_logs(
    sender: GraphApiSender, graph: FakeGraphApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    graph.answer(meta_error(130429, "Rate limit hit"), Answer(), meta_error(131026, "Message undeliverable"))
    errors: list[str] = []
    for _ in range(2):
        with pytest.raises(GraphApiError) as raised:
            await sender.send(SONRISA, ANA, CITA)
        errors.append(str(raised.value))
    assert caplog.records, "the failures were logged"
    everything = caplog.text + "".join(errors)
    assert TOKEN not in everything
    assert ANA.value not in everything
    assert "VCALENDAR" not in everything
