"""Files patients send, fetched from a fake Graph API over real HTTP: ``GET /{media-id}``, then its
download URL with the token; size limits, Meta's hosts only, the SHA-256, and Meta's errors."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from adapters.http_client import HttpClient
from adapters.meta.media import GraphApiMedia
from adapters.meta.sender import GraphApiConfig
from application.messages import Media
from application.ports import MediaFile, MediaRefused, MediaUnavailable
from tests.factories import clinic
from tests.integration.servers.fake_graph import TOKEN, FakeGraphApi
from tests.integration.speech.spoken import VOICE_NOTE_TYPE, spoken

pytestmark = pytest.mark.integration

SONRISA = clinic()
NOTE = Media("1234567890", VOICE_NOTE_TYPE, voice=True)


@pytest.fixture
async def http() -> AsyncIterator[HttpClient]:
    async with httpx.AsyncClient() as client:
        yield HttpClient(client)


def media(
    http: HttpClient, graph: FakeGraphApi, *, max_bytes: int = 1 << 20, token: str = TOKEN
) -> GraphApiMedia:
    return GraphApiMedia(
        http, GraphApiConfig(access_token=token, base_url=graph.url, timeout_seconds=5), max_bytes
    )


async def test_a_voice_note_is_described_then_downloaded_with_the_token(
    http: HttpClient, graph: FakeGraphApi
) -> None:
    audio = spoken("Quiero agendar una cita")
    graph.keep(NOTE.id, audio, VOICE_NOTE_TYPE)
    assert await media(http, graph).fetch(SONRISA, NOTE) == MediaFile(audio, VOICE_NOTE_TYPE)
    described, downloaded = graph.requests
    assert described.path == f"/v23.0/{NOTE.id}"
    assert downloaded.path == f"/download/{NOTE.id}"
    assert {r.headers["authorization"] for r in graph.requests} == {f"Bearer {TOKEN}"}


async def test_a_file_larger_than_allowed_is_refused_before_it_is_downloaded(
    http: HttpClient, graph: FakeGraphApi
) -> None:
    graph.keep(NOTE.id, b"x" * 2048, VOICE_NOTE_TYPE)
    with pytest.raises(MediaRefused):
        await media(http, graph, max_bytes=1024).fetch(SONRISA, NOTE)
    assert graph.downloads == []


async def test_a_file_larger_than_it_said_is_cut_off_while_downloading(
    http: HttpClient, graph: FakeGraphApi
) -> None:
    graph.keep(NOTE.id, b"x" * 4096, VOICE_NOTE_TYPE, file_size="100")
    with pytest.raises(MediaRefused):
        await media(http, graph, max_bytes=1024).fetch(SONRISA, NOTE)


async def test_the_token_is_never_sent_to_a_download_url_that_is_not_metas(
    http: HttpClient, graph: FakeGraphApi
) -> None:
    graph.keep(NOTE.id, b"audio", VOICE_NOTE_TYPE, url="https://attacker.example/steal")
    with pytest.raises(MediaRefused):
        await media(http, graph).fetch(SONRISA, NOTE)
    assert [r.path for r in graph.requests] == [f"/v23.0/{NOTE.id}"]


async def test_bytes_that_do_not_match_their_sha256_are_fetched_again_later(
    http: HttpClient, graph: FakeGraphApi
) -> None:
    graph.keep(NOTE.id, b"audio", VOICE_NOTE_TYPE, sha256="SfInY0gGKTsJlUWbwxC1k+FAD0FZHvzwfpvO0zX0GUI=")
    with pytest.raises(MediaUnavailable):
        await media(http, graph).fetch(SONRISA, NOTE)


async def test_a_media_id_meta_does_not_know_is_refused_for_good(
    http: HttpClient, graph: FakeGraphApi
) -> None:
    with pytest.raises(MediaRefused):
        await media(http, graph).fetch(SONRISA, NOTE)


async def test_a_token_meta_refuses_is_tried_again_later(http: HttpClient, graph: FakeGraphApi) -> None:
    graph.keep(NOTE.id, b"audio", VOICE_NOTE_TYPE)
    with pytest.raises(MediaUnavailable):
        await media(http, graph, token="EAAG-expired").fetch(SONRISA, NOTE)


async def test_an_unreachable_graph_api_is_tried_again_later(http: HttpClient) -> None:
    config = GraphApiConfig(access_token=TOKEN, base_url="http://127.0.0.1:9", timeout_seconds=2)
    with pytest.raises(MediaUnavailable):
        await GraphApiMedia(http, config).fetch(SONRISA, NOTE)
