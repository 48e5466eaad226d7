"""A fake of Anthropic's Messages API on 127.0.0.1: real HTTP, Anthropic's response and error shapes.

The real SDK is pointed at it through ``base_url``. It records every request and
answers each with the next scripted answer: a structured reading (wrapped as the
model's text output, with usage), raw text, an error body, or a delay. When nothing is
scripted, a responder (``respond_with``) may choose the answer from the request itself;
without one, the answer is a blank reading.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from tests.claude_readings import reading_json
from tests.integration.servers._http import JsonHandler, serving

API_KEY = "sk-ant-fake-key-never-logged"


@dataclass(frozen=True)
class Reply:
    text: str = ""  # the model's output text (a JSON reading, or prose to test refusals)
    status: int = 200
    error_type: str = ""  # Anthropic's error type, e.g. rate_limit_error, overloaded_error
    delay_seconds: float = 0.0
    input_tokens: int = 1200
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0
    output_tokens: int = 60
    headers: dict[str, str] = field(default_factory=dict)


def reading(**fields: Any) -> Reply:
    """The model answering with this structured reading (blank fields filled with null/false)."""
    return Reply(text=reading_json(**fields))


def error(status: int, error_type: str, message: str = "error") -> Reply:
    return Reply(status=status, error_type=error_type, text=message)


# Chooses the answer to one request from its JSON body (see ``FakeMessagesApi.respond_with``).
Responder = Callable[[dict[str, Any]], Reply]


class FakeMessagesApi:
    def __init__(self, url: str) -> None:
        self.url = url
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self._script: deque[Reply] = deque()
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._responder: Responder | None = None

    def answer(self, *replies: Reply) -> None:
        with self._lock:
            self._script.extend(replies)

    def respond_with(self, responder: Responder | None) -> None:
        """Answer each request the script has no answer for with ``responder(request body)``
        (the JSON the SDK sent: ``messages``, ``system``...), whatever order requests come in;
        ``None``: a blank reading again. Scripted answers (``answer``) still come first."""
        with self._lock:
            self._responder = responder

    def reset(self) -> None:
        """Forget the requests, the script and the responder."""
        with self._lock:
            self.requests.clear()
            self.headers.clear()
            self._script.clear()
            self._responder = None

    def _next(self, headers: dict[str, str], body: dict[str, Any]) -> tuple[Reply, int]:
        with self._lock:
            self.requests.append(body)
            self.headers.append(headers)
            scripted = self._script.popleft() if self._script else None
            responder, number = self._responder, next(self._ids)
        if scripted is not None:
            return scripted, number
        return (responder(body) if responder is not None else reading()), number


def _body(reply: Reply, number: int, model: str) -> dict[str, Any]:
    if reply.status != 200:
        return {
            "type": "error",
            "error": {"type": reply.error_type, "message": reply.text},
            "request_id": f"req_fake{number}",
        }
    return {
        "id": f"msg_fake{number:06d}",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": [{"type": "text", "text": reply.text}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {
            "input_tokens": reply.input_tokens,
            "cache_creation_input_tokens": reply.cache_write_tokens,
            "cache_read_input_tokens": reply.cache_read_tokens,
            "output_tokens": reply.output_tokens,
        },
    }


@contextmanager
def fake_messages_api() -> Iterator[FakeMessagesApi]:
    fakes: list[FakeMessagesApi] = []

    class Handler(JsonHandler):
        def do_POST(self) -> None:
            body = self.read_json()
            reply, number = fakes[0]._next({k.lower(): v for k, v in self.headers.items()}, body)
            if reply.delay_seconds:
                time.sleep(reply.delay_seconds)
            answer = _body(reply, number, str(body.get("model", "")))
            self.write_json(reply.status, answer, {"request-id": f"req_fake{number}", **reply.headers})

    with serving(Handler, "fake-messages-api") as url:
        fakes.append(FakeMessagesApi(url))
        yield fakes[0]
