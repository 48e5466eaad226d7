"""`/metrics` sits on the webhook's port, which faces the internet: it is closed by default, open
to the bearer of CLINICFLOW_METRICS_TOKEN when that is set, and to anyone only when the operator
says so (CLINICFLOW_METRICS_PUBLIC=true)."""

from __future__ import annotations

from litestar.testing import AsyncTestClient

from entrypoints.container import build_container
from entrypoints.settings import Settings
from entrypoints.web import create_app


def _app(**env: str) -> AsyncTestClient:  # type: ignore[type-arg]
    settings = Settings.from_environment({"META_APP_SECRET": "s", "META_VERIFY_TOKEN": "v", **env})
    return AsyncTestClient(app=create_app(build_container(settings)))


async def test_metrics_are_closed_unless_a_token_is_set_or_they_are_opened() -> None:
    async with _app() as client:
        for header in ({}, {"Authorization": "Bearer "}, {"Authorization": "Bearer anything"}):
            closed = await client.get("/metrics", headers=header)
            assert closed.status_code == 403
            assert "clinicflow_" not in closed.text
            assert "CLINICFLOW_METRICS_TOKEN" in closed.text  # the operator is told how to open them


async def test_metrics_opened_explicitly_are_open_to_anyone() -> None:
    async with _app(CLINICFLOW_METRICS_PUBLIC="true") as client:
        response = await client.get("/metrics")
    assert response.status_code == 200
    assert "# HELP clinicflow_webhook_deliveries_total" in response.text


async def test_with_a_token_only_its_bearer_reads_the_metrics() -> None:
    # A token wins over CLINICFLOW_METRICS_PUBLIC: set, it is always asked for.
    async with _app(CLINICFLOW_METRICS_TOKEN="scrape-me", CLINICFLOW_METRICS_PUBLIC="true") as client:
        for header in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic scrape-me"}):
            assert (await client.get("/metrics", headers=header)).status_code == 401
        allowed = await client.get("/metrics", headers={"Authorization": "Bearer scrape-me"})
    assert allowed.status_code == 200
    assert "# HELP clinicflow_turns_total" in allowed.text
