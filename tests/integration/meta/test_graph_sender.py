"""The Graph API sender against a fake Graph API on 127.0.0.1: exact JSON, limits, typed errors.

The sender tries each request once; the outbox retries (tests/unit/application/test_turns.py).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
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
    ReEngagementRequired,
    TemplateRejected,
    ThroughputLimited,
    Undeliverable,
)
from adapters.meta.inbound import delivery_reports
from adapters.meta.payload import decode_delivery
from adapters.meta.sender import GraphApiConfig, GraphApiSender
from application.messages import Button, ButtonsReply, ListReply, ListRow, TemplateReply, TextReply
from domain.ids import AddressKind, PatientAddress
from tests import meta_payloads as meta
from tests.factories import clinic
from tests.integration.servers.fake_graph import TOKEN, Answer, FakeGraphApi, fake_graph_api, meta_error
from tests.integration.serving import free_port

pytestmark = pytest.mark.integration

ANA = PatientAddress("56911112222")
SONRISA = clinic()
PATH = f"/v23.0/{SONRISA.phone_number_id}/messages"
ENVELOPE = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": "+56911112222"}


@pytest.fixture(scope="module")
def graph() -> Iterator[FakeGraphApi]:
    with fake_graph_api() as fake:
        yield fake


def sent_ids(sender: GraphApiSender) -> list[str]:
    """The wamids Meta returned, as the sender kept them (in the outbound log)."""
    assert isinstance(sender.outbound, InMemoryOutboundLog)
    return list(sender.outbound.messages)


@pytest.fixture
async def sender(graph: FakeGraphApi) -> AsyncIterator[GraphApiSender]:
    graph.reset()
    async with httpx.AsyncClient() as client:
        yield GraphApiSender(
            HttpClient(client),
            GraphApiConfig(access_token=TOKEN, base_url=graph.url, timeout_seconds=0.5),
            outbound=InMemoryOutboundLog(),
        )


async def test_a_text_is_posted_to_the_numbers_messages_edge_with_the_bearer_token(
    sender: GraphApiSender, graph: FakeGraphApi
) -> None:
    await sender.send(SONRISA, ANA, TextReply("¿Para qué día quieres tu cita?"))
    [request] = graph.requests
    assert (request.method, request.path) == ("POST", PATH)
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.headers["content-type"] == "application/json"
    assert request.json == {
        **ENVELOPE,
        "type": "text",
        "text": {"body": "¿Para qué día quieres tu cita?", "preview_url": False},
    }
    assert sent_ids(sender) == ["wamid.FAKE00000001"]


async def test_reply_buttons_exact_json(sender: GraphApiSender, graph: FakeGraphApi) -> None:
    buttons = (Button("CONFIRM_BOOKING", "Confirmar"), Button("EDIT_BOOKING", "Cambiar"))
    await sender.send(SONRISA, ANA, ButtonsReply("¿La confirmo?", buttons))
    assert graph.sent == [
        {
            **ENVELOPE,
            "type": "interactive",
            "interactive": {
                "type": "button",
                "body": {"text": "¿La confirmo?"},
                "action": {
                    "buttons": [
                        {"type": "reply", "reply": {"id": "CONFIRM_BOOKING", "title": "Confirmar"}},
                        {"type": "reply", "reply": {"id": "EDIT_BOOKING", "title": "Cambiar"}},
                    ]
                },
            },
        }
    ]


async def test_a_list_of_free_slots_exact_json(sender: GraphApiSender, graph: FakeGraphApi) -> None:
    rows = (ListRow("SLOT:perez:1", "09:00", "Dra. Camila Pérez"), ListRow("SLOT:perez:2", "09:30"))
    await sender.send(SONRISA, ANA, ListReply("Estas son las horas:", "Ver horas", rows))
    assert graph.sent == [
        {
            **ENVELOPE,
            "type": "interactive",
            "interactive": {
                "type": "list",
                "body": {"text": "Estas son las horas:"},
                "action": {
                    "button": "Ver horas",
                    "sections": [
                        {
                            "title": "Ver horas",
                            "rows": [
                                {"id": "SLOT:perez:1", "title": "09:00", "description": "Dra. Camila Pérez"},
                                {"id": "SLOT:perez:2", "title": "09:30"},
                            ],
                        }
                    ],
                },
            },
        }
    ]


async def test_a_template_with_body_parameters_and_quick_replies_exact_json(
    sender: GraphApiSender, graph: FakeGraphApi
) -> None:
    reminder = TemplateReply(
        "recordatorio_cita",
        "es_CL",
        body_parameters=("Ana", "martes 1 de diciembre", "10:00"),
        quick_reply_payloads=("RECALL_REPLY_CONFIRM", "RECALL_REPLY_CANCEL"),
    )
    await sender.send(SONRISA, ANA, reminder)
    assert graph.sent == [
        {
            **ENVELOPE,
            "type": "template",
            "template": {
                "name": "recordatorio_cita",
                "language": {"code": "es_CL"},
                "components": [
                    {
                        "type": "body",
                        "parameters": [
                            {"type": "text", "text": "Ana"},
                            {"type": "text", "text": "martes 1 de diciembre"},
                            {"type": "text", "text": "10:00"},
                        ],
                    },
                    {
                        "type": "button",
                        "sub_type": "quick_reply",
                        "index": "0",
                        "parameters": [{"type": "payload", "payload": "RECALL_REPLY_CONFIRM"}],
                    },
                    {
                        "type": "button",
                        "sub_type": "quick_reply",
                        "index": "1",
                        "parameters": [{"type": "payload", "payload": "RECALL_REPLY_CANCEL"}],
                    },
                ],
            },
        }
    ]


async def test_a_patient_without_a_phone_number_is_addressed_by_user_id(
    sender: GraphApiSender, graph: FakeGraphApi
) -> None:
    await sender.send(
        SONRISA, PatientAddress("CL.13491208655302741918", AddressKind.USER_ID), TextReply("Hola")
    )
    [payload] = graph.sent
    assert payload["recipient"] == "CL.13491208655302741918"
    assert "to" not in payload


async def test_limits_are_applied_before_meta_sees_them(sender: GraphApiSender, graph: FakeGraphApi) -> None:
    long_text = ("Primer párrafo. " * 200).strip() + "\n\n" + ("Segundo párrafo. " * 200).strip()
    await sender.send(SONRISA, ANA, TextReply(long_text))
    texts = [p["text"]["body"] for p in graph.sent]
    assert len(texts) == 2
    assert all(len(t) <= 4096 for t in texts)
    assert " ".join(" ".join(texts).split()) == " ".join(long_text.split())

    graph.reset()
    card = ButtonsReply(
        "Detalle. " * 200, (Button("A", "Mañana en la tarde"), Button("B", "Mañana en la tarde"))
    )
    await sender.send(SONRISA, ANA, card)
    *leading, interactive = graph.sent
    assert [p["type"] for p in leading] == ["text"]
    assert len(interactive["interactive"]["body"]["text"]) <= 1024
    titles = [b["reply"]["title"] for b in interactive["interactive"]["action"]["buttons"]]
    assert titles == ["Mañana en la tarde", "Mañana en la tar (2)"]
    assert all(len(t) <= 20 for t in titles)


async def test_a_throughput_limit_fails_after_one_request_and_the_callers_retry_sends_it(
    sender: GraphApiSender, graph: FakeGraphApi
) -> None:
    graph.answer(meta_error(130429, "Rate limit hit", subcode=2494055))
    with pytest.raises(ThroughputLimited) as raised:
        await sender.send(SONRISA, ANA, TextReply("Hola"))
    assert raised.value.retryable
    assert raised.value.parts_sent == 0
    assert len(graph.requests) == 1  # no retry inside: the outbox decides when to try again
    await sender.send(SONRISA, ANA, TextReply("Hola"))
    assert len(graph.requests) == 2
    assert graph.requests[0].json == graph.requests[1].json
    assert sent_ids(sender) == ["wamid.FAKE00000002"]


async def test_the_pause_meta_asks_for_travels_with_the_failure(
    sender: GraphApiSender, graph: FakeGraphApi
) -> None:
    graph.answer(
        meta_error(131056, "(Business Account, Consumer Account) pair rate limit hit", retry_after="3"),
        Answer(status=503, body={"error": {"message": "Service temporarily unavailable", "code": 2}}),
        Answer(status=500, body={}),
    )
    with pytest.raises(PairRateLimited) as limited:
        await sender.send(SONRISA, ANA, TextReply("Hola"))
    assert limited.value.retry_after == timedelta(seconds=3)
    for _ in range(2):
        with pytest.raises(MetaTemporaryError) as temporary:
            await sender.send(SONRISA, ANA, TextReply("Hola"))
        assert temporary.value.retryable
        assert temporary.value.retry_after is None
    assert len(graph.requests) == 3


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (meta_error(131026, "Message undeliverable"), Undeliverable),
        (meta_error(131047, "Re-engagement message"), ReEngagementRequired),
        (
            meta_error(190, "Error validating access token: Session has expired", status=401),
            AccessTokenInvalid,
        ),
        (meta_error(132001, "Template name does not exist in the translation"), TemplateRejected),
    ],
)
async def test_errors_that_would_fail_again_say_so(
    sender: GraphApiSender, graph: FakeGraphApi, error: Answer, kind: type[GraphApiError]
) -> None:
    graph.answer(error)
    with pytest.raises(kind) as raised:
        await sender.send(SONRISA, ANA, TextReply("Hola"))
    assert not raised.value.retryable
    assert len(graph.requests) == 1


async def test_a_reply_sent_as_several_requests_resumes_after_the_ones_meta_took(
    sender: GraphApiSender, graph: FakeGraphApi
) -> None:
    long_text = "Párrafo largo. " * 400  # two requests
    graph.answer(Answer(), Answer(status=500, body={"error": {"message": "oops", "code": 131000}}))
    with pytest.raises(MetaTemporaryError) as raised:
        await sender.send(SONRISA, ANA, TextReply(long_text), reference="outbox:7")
    assert raised.value.parts_sent == 1
    await sender.send(SONRISA, ANA, TextReply(long_text), reference="outbox:7", from_part=1)
    first, failed, again = (body["text"]["body"] for body in graph.sent)
    assert again == failed  # only the request that failed went again
    assert first != failed
    assert " ".join(f"{first} {failed}".split()) == " ".join(long_text.split())


async def test_a_slow_answer_times_out_as_a_failure_worth_retrying(
    sender: GraphApiSender, graph: FakeGraphApi
) -> None:
    graph.answer(Answer(delay_seconds=1.0))
    with pytest.raises(GraphApiUnreachable) as raised:
        await sender.send(SONRISA, ANA, TextReply("Hola"))
    assert raised.value.retryable
    assert len(graph.requests) == 1


async def test_an_unreachable_graph_api_is_a_typed_error() -> None:
    async with httpx.AsyncClient() as client:
        nowhere = GraphApiSender(
            HttpClient(client),
            GraphApiConfig(access_token=TOKEN, base_url=f"http://127.0.0.1:{free_port()}"),
        )
        with pytest.raises(GraphApiUnreachable):
            await nowhere.send(SONRISA, ANA, TextReply("Hola"))


async def test_a_read_receipt_shows_typing_and_its_failure_is_only_logged(
    sender: GraphApiSender, graph: FakeGraphApi
) -> None:
    await sender.mark_read(SONRISA, "wamid.INBOUND1")
    assert graph.requests[-1].json == {
        "messaging_product": "whatsapp",
        "status": "read",
        "message_id": "wamid.INBOUND1",
        "typing_indicator": {"type": "text"},
    }
    graph.answer(meta_error(100, "Invalid parameter"))
    await sender.mark_read(SONRISA, "wamid.INBOUND2")  # no exception


async def test_neither_the_token_nor_the_number_reaches_the_logs(
    sender: GraphApiSender, graph: FakeGraphApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    graph.answer(meta_error(130429, "Rate limit hit"), meta_error(131026, "Message undeliverable"))
    with pytest.raises(ThroughputLimited) as limited:
        await sender.send(SONRISA, ANA, TextReply("Hola"))
    with pytest.raises(Undeliverable) as raised:
        await sender.send(SONRISA, ANA, TextReply("Hola"))
    everything = caplog.text + str(limited.value) + str(raised.value) + repr(sender.config)
    assert caplog.records, "the failures were logged"
    assert TOKEN not in everything
    assert ANA.value not in everything


async def test_every_sent_message_is_kept_in_the_outbound_log_by_its_wamid(graph: FakeGraphApi) -> None:
    graph.reset()
    outbound = InMemoryOutboundLog()
    async with httpx.AsyncClient() as client:
        sender = GraphApiSender(
            HttpClient(client), GraphApiConfig(access_token=TOKEN, base_url=graph.url), outbound=outbound
        )
        await sender.send(SONRISA, ANA, ButtonsReply("Detalle. " * 200, (Button("A", "Sí"),)))
    assert list(outbound.messages) == ["wamid.FAKE00000001", "wamid.FAKE00000002"]
    assert [r.kind for r in outbound.messages.values()] == ["text", "interactive"]
    assert all(r.to == ANA and r.clinic_id == SONRISA.id for r in outbound.messages.values())


async def test_a_reference_travels_with_every_part_of_a_reply_and_comes_back_in_its_receipts(
    sender: GraphApiSender, graph: FakeGraphApi
) -> None:
    await sender.send(SONRISA, ANA, TextReply("Párrafo largo. " * 400), reference="outbox:42")
    assert len(graph.sent) == 2
    assert {body["biz_opaque_callback_data"] for body in graph.sent} == {"outbox:42"}
    await sender.send(SONRISA, ANA, TextReply("sin referencia"))
    assert "biz_opaque_callback_data" not in graph.sent[-1]
    # Meta's receipt carries it back, and the webhook's reading keeps it.
    receipt = meta.status_delivery(
        SONRISA.phone_number_id, ANA.value, "wamid.FAKE00000001", "sent", 1, callback_data="outbox:42"
    )
    [report] = delivery_reports(decode_delivery(meta.encode(receipt)))
    assert report.reference == "outbox:42"
