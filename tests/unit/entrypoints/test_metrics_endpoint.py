"""`/metrics` is open by default and closed to all but the bearer of CLINICFLOW_METRICS_TOKEN
when it is set (the webhook's port faces the internet)."""

from __future__ import annotations

from litestar.testing import AsyncTestClient

from entrypoints.container import build_container
from entrypoints.settings import Settings
from entrypoints.web import create_app


def _app(**env: str) -> AsyncTestClient:  # type: ignore[type-arg]
    settings = Settings.from_environment({"META_APP_SECRET": "s", "META_VERIFY_TOKEN": "v", **env})
    return AsyncTestClient(app=create_app(build_container(settings)))


async def test_metrics_are_open_without_a_token() -> None:
    async with _app() as client:
        response = await client.get("/metrics")
    assert response.status_code == 200
    assert "# HELP clinicflow_webhook_deliveries_total" in response.text


async def test_with_a_token_only_its_bearer_reads_the_metrics() -> None:
    async with _app(CLINICFLOW_METRICS_TOKEN="scrape-me") as client:
        for header in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic scrape-me"}):
            assert (await client.get("/metrics", headers=header)).status_code == 401
        allowed = await client.get("/metrics", headers={"Authorization": "Bearer scrape-me"})
    assert allowed.status_code == 200
    assert "# HELP clinicflow_turns_total" in allowed.text
