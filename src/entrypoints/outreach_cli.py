"""`clinicflow recall` and `clinicflow reminders`: run a recall campaign, see how reminders are doing."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime
from typing import TextIO

from dependency_injector import providers
from dependency_injector.wiring import Provide, inject

from adapters.memory.clock import FixedClock
from adapters.postgres.reminder_jobs import PostgresReminderJobs
from application.ports import ClinicDirectory, UnknownClinic
from application.recall_campaign import RecallOutcome, RunRecallCampaign
from entrypoints.container import Container, build_container, run_command
from entrypoints.settings import SettingsError


def add_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], aware: Callable[[str], datetime]
) -> None:
    recall = commands.add_parser("recall", help="run a recall campaign: invite back patients it selects")
    recall.add_argument("clinic", help="the clinic's id")
    recall.add_argument("campaign", help="the campaign's id, from the clinic's file")
    recall.add_argument("--dry-run", action="store_true", help="list who would be invited; send nothing")
    recall.add_argument("--now", type=aware, help="pretend it is this moment (ISO 8601 with offset)")
    commands.add_parser("reminders", help="how many reminders are pending, sent, failed...; the failures")


def recall(args: argparse.Namespace, out: TextIO) -> int:
    container = _postgres_container("recall campaigns")
    if args.now is not None:
        container.clock.override(providers.Object(FixedClock(args.now)))
    return run_command(container, __name__, lambda: _recall(args.clinic, args.campaign, args.dry_run, out))


@inject
async def _recall(
    clinic_id: str,
    campaign: str,
    dry_run: bool,
    out: TextIO,
    clinics: ClinicDirectory = Provide[Container.clinics],
    run_recall: RunRecallCampaign = Provide[Container.run_recall],
) -> int:
    clinic = next((c for c in await clinics.all() if c.id == clinic_id), None)
    if clinic is None:
        raise UnknownClinic(f"no clinic {clinic_id!r} in the database (see `clinicflow clinic load`)")
    results = await run_recall(clinic, campaign, dry_run=dry_run)
    for result in results:
        detail = f"  ({result.detail})" if result.detail else ""
        print(f"{result.outcome.value:<16} {result.patient.masked()}{detail}", file=out)
    sent = sum(r.outcome is RecallOutcome.SENT for r in results)
    if dry_run:
        print(f"{clinic_id}/{campaign}: {len(results)} would be invited (dry run, nothing sent)", file=out)
    else:
        failed = sum(r.outcome is RecallOutcome.FAILED for r in results)
        print(f"{clinic_id}/{campaign}: {sent} sent, {failed} failed, {len(results)} selected", file=out)
    return 1 if any(r.outcome is RecallOutcome.FAILED for r in results) else 0


def reminders(out: TextIO) -> int:
    return run_command(_postgres_container("reminders"), __name__, lambda: _reminders(out))


@inject
async def _reminders(out: TextIO, jobs: PostgresReminderJobs = Provide[Container.reminder_jobs]) -> int:
    counts = await jobs.counts()
    failures = await jobs.failures(limit=20)
    print("reminders: " + ", ".join(f"{n} {status}" for status, n in sorted(counts.items())), file=out)
    for failure in failures:
        print(
            f"failed job {failure.job_id}: appointment {failure.appointment_id}, "
            f"due {failure.due_at.isoformat()}, {failure.attempts} attempts: {failure.last_error}",
            file=out,
        )
    return 0


def _postgres_container(what: str) -> Container:
    container = build_container()
    if not container.settings().durable:
        raise SettingsError(f"{what} need DATABASE_URL (PostgreSQL): they are recorded in the database")
    return container
