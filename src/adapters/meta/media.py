"""The files patients send, fetched from the Graph API: ``GET /{version}/{media-id}`` answers a
short-lived download URL (and the file's type, size and SHA-256), which is then fetched with the
same token.

Limits apply before and while downloading: a file that says it is larger than ``max_bytes``, or
turns out to be, is refused. The token is sent only to Meta's hosts (or the configured Graph
API's): a download URL anywhere else is refused, never followed. A file whose bytes do not match
its SHA-256 was cut short or altered on the way: fetched again on the next try.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
import msgspec

from adapters.http_client import HttpClient
from adapters.meta.sender import GraphApiConfig
from application.messages import Media
from application.ports import MediaFile, MediaRefused, MediaUnavailable
from domain.clinic import Clinic

log = logging.getLogger(__name__)

# WhatsApp's own limits: 16 MB for audio and video, 100 MB for documents. A clinic needs less.
DEFAULT_MAX_BYTES = 16 * 1024 * 1024
_META_HOSTS = (".fbsbx.com", ".facebook.com", ".fbcdn.net", ".whatsapp.net")
# Meta's answers for a media id that does not exist (any more), or a request it will never take.
_GONE = frozenset({400, 404, 410})


class _MediaInfo(msgspec.Struct, frozen=True):
    url: str
    mime_type: str = ""
    sha256: str | None = None
    file_size: int | str | None = None  # Meta's examples write it as a string


@dataclass(frozen=True)
class GraphApiMedia:
    """Implements ``MediaFiles`` over the Graph API."""

    http: HttpClient
    config: GraphApiConfig
    max_bytes: int = DEFAULT_MAX_BYTES

    async def fetch(self, clinic: Clinic, media: Media) -> MediaFile:
        info = await self._info(media.id)
        size = _whole(info.file_size)
        if size is not None and size > self.max_bytes:
            raise MediaRefused(f"the file has {size} bytes, more than {self.max_bytes}")
        if not self._trusted(info.url):
            raise MediaRefused("the download URL is not Meta's: the token is not sent there")
        content = await self._download(info.url)
        if not _matches(content, info.sha256):
            raise MediaUnavailable("the file's bytes do not match its SHA-256 (cut short?)")
        return MediaFile(content, info.mime_type or media.mime_type, media.filename)

    async def _info(self, media_id: str) -> _MediaInfo:
        url = f"{self.config.base_url}/{self.config.version}/{media_id}"
        response = await self._get(url)
        try:
            return msgspec.json.decode(response.content, type=_MediaInfo)
        except (msgspec.DecodeError, msgspec.ValidationError):
            raise MediaUnavailable("the Graph API's answer about the file is not what it documents") from None

    async def _download(self, url: str) -> bytes:
        chunks: list[bytes] = []
        received = 0
        try:
            async with self.http.client.stream(
                "GET", url, headers=self._headers, timeout=self.config.timeout_seconds
            ) as response:
                _check(response.status_code)
                async for chunk in response.aiter_bytes():
                    received += len(chunk)
                    if received > self.max_bytes:
                        raise MediaRefused(f"the file is larger than {self.max_bytes} bytes")
                    chunks.append(chunk)
        except httpx.TransportError as failure:
            raise MediaUnavailable(f"the file could not be downloaded: {type(failure).__name__}") from None
        return b"".join(chunks)

    async def _get(self, url: str) -> httpx.Response:
        try:
            response = await self.http.client.get(
                url, headers=self._headers, timeout=self.config.timeout_seconds
            )
        except httpx.TransportError as failure:
            raise MediaUnavailable(f"the Graph API is unreachable: {type(failure).__name__}") from None
        _check(response.status_code)
        return response

    @property
    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.config.access_token}"}

    def _trusted(self, url: str) -> bool:
        """Meta's own hosts over HTTPS, or the configured Graph API's origin (a test's fake)."""
        parts, graph = urlsplit(url), urlsplit(self.config.base_url)
        if (parts.scheme, parts.netloc) == (graph.scheme, graph.netloc):
            return True
        host = (parts.hostname or "").lower()
        return parts.scheme == "https" and host.endswith(_META_HOSTS)


def _check(status: int) -> None:
    if status in _GONE:
        raise MediaRefused(f"the Graph API refused the file ({status})")
    if not 200 <= status < 300:  # 401/403 (the token), 429, 5xx: a person or time may fix it
        raise MediaUnavailable(f"the Graph API answered {status}")


def _whole(value: int | str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _matches(content: bytes, sha256: str | None) -> bool:
    """True when the digest matches, or when there is none this code can read (Meta writes it in
    base64; some relays in hex)."""
    expected = _digest(sha256 or "")
    return expected is None or hashlib.sha256(content).digest() == expected


def _digest(written: str) -> bytes | None:
    try:
        digest = bytes.fromhex(written) if len(written) == 64 else base64.b64decode(written, validate=True)
    except (binascii.Error, ValueError):
        return None
    return digest if len(digest) == 32 else None
