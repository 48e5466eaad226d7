"""Console sessions: stored server-side (Redis or memory) only once someone signs in, and ended
after an idle time that the console's own polling does not reset, or after an absolute lifetime.

Nothing an anonymous visitor sends writes to the store: a cookie that is not an id of the shape
this backend makes is ignored before any lookup, an unknown id stores nothing, and only a
sign-in creates a key (under a new id, so a planted one is worthless). A stored session is
written again only when its data changed (a page visited, a read mark, a notice); the store's
expiry follows the idle timeout, so an abandoned session leaves the store by itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.middleware.session.server_side import ServerSideSessionBackend, ServerSideSessionConfig
from litestar.stores.base import Store
from litestar.stores.memory import MemoryStore
from litestar.types import Empty, Message
from litestar.utils.dataclass import extract_dataclass_items

ID_BYTES = 32
_ID = re.compile(f"[0-9a-f]{{{2 * ID_BYTES}}}")  # what secrets.token_hex(ID_BYTES) makes
_LOADED = "console_session"  # scope state: (id, bytes as stored) of the session this request found
_NEW = "console_new_session"  # scope state: sign-in asked for a new session
_SIGNED_IN, _ACTIVE = "signed_in", "active"
# A page visited within this long of the last recorded use is not written again: browsing the
# console costs a store write a minute at most.
_ACTIVE_GRAIN = timedelta(minutes=1)
POLL = "console_poll"  # a route's opt: a request htmx makes by itself, which is no sign of use


def start_session(request: Request[Any, Any, Any], data: dict[str, Any], now: datetime) -> None:
    """Sign-in: a new session (a new id) holding ``data``; any session the browser had is dropped."""
    request.set_session({**data, _SIGNED_IN: now.isoformat(), _ACTIVE: now.isoformat()})
    request.scope["state"][_NEW] = True


def started_at(data: dict[str, Any]) -> datetime:
    """When the session was started (by a sign-in, or a password awaiting its code)."""
    return datetime.fromisoformat(data[_SIGNED_IN])


class ConsoleSessions(ServerSideSessionBackend):
    """Implements the session rules of the module's docstring over Litestar's server-side backend."""

    config: ConsoleSessionConfig

    def _cookie_id(self, connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
        value = connection.cookies.get(self.config.key)
        return value if value is not None and _ID.fullmatch(value) else None

    def _store(self, connection: ASGIConnection[Any, Any, Any, Any]) -> Store:
        return self.config.get_store_from_app(connection.scope["app"])

    async def load_from_connection(self, connection: ASGIConnection[Any, Any, Any, Any]) -> dict[str, Any]:
        session_id = self._cookie_id(connection)
        if session_id is None:
            return {}
        store = self._store(connection)
        stored = await store.get(session_id)
        if stored is None:
            return {}
        data = self.deserialize_data(stored)
        now = self.config.now()
        if self._ended(data, now):
            await store.delete(session_id)
            return {}
        connection.scope["state"][_LOADED] = (session_id, stored)
        handler = connection.scope.get("route_handler")
        polled = handler is not None and handler.opt.get(POLL, False)
        if not polled and now - datetime.fromisoformat(data[_ACTIVE]) >= _ACTIVE_GRAIN:
            data[_ACTIVE] = now.isoformat()
        return data

    def _ended(self, data: dict[str, Any], now: datetime) -> bool:
        try:
            signed_in = datetime.fromisoformat(data[_SIGNED_IN])
            active = datetime.fromisoformat(data[_ACTIVE])
        except (KeyError, TypeError, ValueError):  # not a session this code wrote
            return True
        return now - active >= self.config.idle or now - signed_in >= self.config.lifetime

    async def store_in_message(
        self, scope_session: Any, message: Message, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> None:
        state = connection.scope["state"]
        loaded: tuple[str, bytes] | None = state.get(_LOADED)
        store = self._store(connection)
        if state.get(_NEW) and scope_session is not Empty and scope_session:
            if loaded is not None:
                await store.delete(loaded[0])
            if isinstance(store, MemoryStore):  # Redis drops expired keys itself; memory at sign-ins
                await store.delete_expired()
            await self._write(self.generate_session_id(), scope_session, message, connection)
            return
        if loaded is None:  # anonymous, or a session that has ended: nothing to store or delete
            return
        session_id, stored = loaded
        if scope_session is Empty or not scope_session:  # signed out
            await store.delete(session_id)
            self._set_cookie(message, "null", 0)
            return
        if self.serialize_data(scope_session, connection.scope) != stored:
            await self._write(session_id, scope_session, message, connection)

    async def _write(
        self,
        session_id: str,
        data: dict[str, Any],
        message: Message,
        connection: ASGIConnection[Any, Any, Any, Any],
    ) -> None:
        now = self.config.now()
        left = datetime.fromisoformat(data[_SIGNED_IN]) + self.config.lifetime - now
        expires = max(1, int(min(self.config.idle, left).total_seconds()))
        serialized = self.serialize_data(data, connection.scope)
        await self._store(connection).set(session_id, serialized, expires_in=expires)
        self._set_cookie(message, session_id, expires)

    def _set_cookie(self, message: Message, value: str, max_age: int) -> None:
        """``max_age`` 0: the browser forgets the cookie."""
        fields = Cookie.__dict__.keys() - {"max_age"}
        params = dict(extract_dataclass_items(self.config, exclude_none=True, include=fields))
        cookie = Cookie(value=value, key=self.config.key, max_age=max_age, **params)
        MutableScopeHeaders.from_message(message).add("Set-Cookie", cookie.to_header(header=""))


def _no_clock() -> datetime:
    raise RuntimeError("ConsoleSessionConfig needs now=")


@dataclass
class ConsoleSessionConfig(ServerSideSessionConfig):
    """``ServerSideSessionConfig`` with the console's clock and its two time limits."""

    _backend_class = ConsoleSessions
    now: Callable[[], datetime] = field(default=_no_clock)
    idle: timedelta = field(default=timedelta(minutes=30))
    lifetime: timedelta = field(default=timedelta(hours=12))
    session_id_bytes: int = field(default=ID_BYTES)
