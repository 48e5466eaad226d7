"""A fake OpenAI-compatible transcription server on 127.0.0.1: ``POST /v1/audio/transcriptions``.

It reads the multipart form as OpenAI's API does (``file``, ``model``, ``language``, ``prompt``,
``response_format``), checks the Bearer key, checks with opus-tools' ``opusinfo`` that an
``.ogg`` file is a real Ogg Opus stream, and answers ``{"text": ...}`` from a script keyed by the
audio's SHA-256: it does not understand speech, it proves the exact bytes arrived. It can be told
to answer the next requests with an error status.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP

from tests.integration.servers._http import JsonHandler, serving

KEY = "sk-fake-transcriber-key-never-logged"


@dataclass(frozen=True)
class Upload:
    """What one request sent: the form's fields and its file."""

    fields: dict[str, str]
    filename: str
    content_type: str
    audio: bytes
    authorization: str
    valid_opus: bool | None  # None: not an .ogg file, not checked


@dataclass
class FakeTranscriber:
    url: str  # the base URL, up to /v1, as CLINICFLOW_SPEECH_URL takes it
    said: dict[str, str] = field(default_factory=dict)  # the audio's SHA-256 (hex) -> what it says
    uploads: list[Upload] = field(default_factory=list)
    _errors: deque[int] = field(default_factory=deque)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def says(self, audio: bytes, text: str) -> None:
        self.said[hashlib.sha256(audio).hexdigest()] = text

    def fail(self, *statuses: int) -> None:
        with self._lock:
            self._errors.extend(statuses)

    def _handle(self, handler: JsonHandler) -> None:
        length = int(handler.headers.get("content-length") or 0)
        raw = handler.rfile.read(length)
        upload = _upload(
            handler.headers.get("content-type", ""), raw, handler.headers.get("authorization", "")
        )
        with self._lock:
            self.uploads.append(upload)
            error = self._errors.popleft() if self._errors else None
        if handler.path != "/v1/audio/transcriptions":
            handler.write_json(404, {"error": {"message": "not found"}})
        elif upload.authorization != f"Bearer {KEY}":
            handler.write_json(
                401, {"error": {"message": "Incorrect API key provided", "type": "invalid_request_error"}}
            )
        elif error is not None:
            handler.write_json(error, {"error": {"message": "scripted failure", "type": "server_error"}})
        elif upload.valid_opus is False:
            handler.write_json(
                400, {"error": {"message": "Invalid file format.", "type": "invalid_request_error"}}
            )
        else:
            text = self.said.get(hashlib.sha256(upload.audio).hexdigest(), "")
            handler.write_json(200, {"text": text})


def _upload(content_type: str, raw: bytes, authorization: str) -> Upload:
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw
    )
    fields: dict[str, str] = {}
    filename, file_type, audio = "", "", b""
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        if part.get_filename():
            filename, file_type, audio = part.get_filename() or "", part.get_content_type(), payload
        elif isinstance(name, str):
            fields[name] = payload.decode()
    valid = _is_opus(audio) if filename.endswith(".ogg") else None
    return Upload(fields, filename, file_type, audio, authorization, valid)


def _tool(name: str) -> str:
    found = shutil.which(name)
    assert found, f"{name} is missing: scripts/ensure-services installs opus-tools"
    return found


def _is_opus(audio: bytes) -> bool:
    """What opus-tools' ``opusinfo`` says of the file: a valid Ogg Opus stream, or not."""
    with tempfile.NamedTemporaryFile(suffix=".ogg") as file:
        file.write(audio)
        file.flush()
        checked = subprocess.run([_tool("opusinfo"), file.name], capture_output=True, text=True, check=False)
    return checked.returncode == 0 and "Opus" in checked.stdout and "WARNING" not in checked.stdout


@contextmanager
def fake_transcriber() -> Iterator[FakeTranscriber]:
    fakes: list[FakeTranscriber] = []

    class Handler(JsonHandler):
        def do_POST(self) -> None:
            fakes[0]._handle(self)

    with serving(Handler, "fake-transcriber") as url:
        fakes.append(FakeTranscriber(f"{url}/v1"))
        yield fakes[0]
