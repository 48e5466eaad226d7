"""One HTTP client per remote service, shared by every request of the process."""

from __future__ import annotations

import httpx


class HttpClient:
    """An HTTP client and its connection pool, opened with the process (the app's lifespan, a
    command) and closed at its end: the Graph API's, the transcriber's."""

    def __init__(self, client: httpx.AsyncClient | None = None) -> None:
        self._client = client
        self._owned = client is None

    @property
    def client(self) -> httpx.AsyncClient:
        if self._client is None:
            raise RuntimeError("the HTTP client is not started (start it with the process: start_services)")
        return self._client

    async def start(self) -> None:
        if self._client is None:
            self._client = httpx.AsyncClient(
                limits=httpx.Limits(max_connections=50, max_keepalive_connections=20)
            )

    async def stop(self) -> None:
        if self._client is not None and self._owned:
            client, self._client = self._client, None
            await client.aclose()
