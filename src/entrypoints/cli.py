"""The `clinicflow` command: serve the webhook, chat in a terminal, run the worker and campaigns."""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TextIO

from dependency_injector import providers
from dependency_injector.wiring import Provide, inject

from adapters.clinic_config.toml_file import ClinicConfigError, load_clinic, load_demo_clinic
from adapters.clinic_config.toml_writer import clinic_toml
from adapters.memory.clock import FixedClock
from adapters.memory.sender import RecordingSender
from adapters.postgres.clinics import ClinicConflict
from adapters.postgres.database import DatabaseUnavailable
from adapters.postgres.migrate import (
    MigrationError,
    SchemaOutOfDate,
    bundled_migrations,
    migrate,
)
from adapters.system.clock import ShiftedClock
from application.accounts import EmailTaken, InvalidRequest, LastAdmin, UnknownAccount
from application.audit import Origin
from application.conversation import ConversationService
from application.intake import Intake
from application.ports import AuditAction, ClinicDirectory, Clock, ServiceUnavailable, UnknownClinic
from application.recall_campaign import UnknownCampaign
from application.turn_processor import TurnProcessor
from domain.clinic import Clinic
from domain.ids import ClinicId, PatientAddress
from domain.privacy import DAYS_PER_YEAR
from domain.staff import Role
from entrypoints import logs, outreach_cli, staff_cli
from entrypoints.chat import run_chat
from entrypoints.container import Container, build_container, run_command, start_services, stop_services
from entrypoints.settings import Settings, SettingsError
from entrypoints.worker import run_worker

DEMO_PATIENT = "56911112222"


class CommandError(Exception):
    """Something the user can fix; printed as one line, exit status 2."""


# Errors that mean "fix your setup", not "the program is broken": no traceback for these.
USER_ERRORS = (
    CommandError,
    SettingsError,
    ClinicConfigError,
    DatabaseUnavailable,
    SchemaOutOfDate,
    MigrationError,
    ClinicConflict,
    ServiceUnavailable,
    UnknownCampaign,
    UnknownClinic,
    EmailTaken,
    InvalidRequest,
    UnknownAccount,
    LastAdmin,
)


def _aware(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError("give a UTC offset, e.g. 2026-12-01T10:00:00-03:00")
    return moment


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="clinicflow", description="WhatsApp booking assistant for clinics.")
    commands = parser.add_subparsers(dest="command", required=True)

    chat = commands.add_parser("chat", help="talk to the bot in this terminal, as a patient")
    chat.add_argument("--clinic", type=Path, help="clinic TOML file (default: the built-in demo clinic)")
    chat.add_argument("--phone", default=DEMO_PATIENT, help="the patient's WhatsApp number (wa_id)")
    chat.add_argument("--now", type=_aware, help="pretend it is this moment (ISO 8601 with offset)")

    serve = commands.add_parser("serve", help="run the webhook server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--now", type=_aware, help="let time run from this moment (demos and tests)")

    commands.add_parser("migrate", help="bring the database (DATABASE_URL) to this version's schema")

    clinic = commands.add_parser("clinic", help="clinic configuration files")
    clinic_commands = clinic.add_subparsers(dest="clinic_command", required=True)
    check = clinic_commands.add_parser("check", help="validate a clinic file and summarise it")
    check.add_argument("file", type=Path)
    load = clinic_commands.add_parser("load", help="create or update a clinic in the database from its file")
    source = load.add_mutually_exclusive_group(required=True)
    source.add_argument("file", type=Path, nargs="?")
    source.add_argument("--demo", action="store_true", help="load the built-in demo clinic")
    export = clinic_commands.add_parser("export", help="write a clinic in the database as its file")
    export.add_argument("clinic_id", metavar="CLINIC_ID")
    export.add_argument("-o", "--output", type=Path, help="the file to write (default: standard output)")

    worker = commands.add_parser("worker", help="send due reminders until SIGTERM (needs DATABASE_URL)")
    worker.add_argument("--once", action="store_true", help="stop when nothing is due instead of waiting")
    worker.add_argument("--now", type=_aware, help="let time run from this moment (demos and tests)")
    config = commands.add_parser("config", help="the configuration from the environment")
    config_commands = config.add_subparsers(dest="config_command", required=True)
    config_commands.add_parser("check", help="validate every setting and print them, secrets hidden")
    outreach_cli.add_commands(commands, _aware)
    staff_cli.add_commands(commands)
    return parser


def _chat(args: argparse.Namespace) -> int:
    # The terminal is the patient's phone here: replies are printed, never sent through Meta.
    settings = replace(Settings.from_environment(), meta_access_token="")
    if args.clinic is not None:
        settings = replace(settings, clinic_files=(args.clinic,))
    container = build_container(settings)
    if args.now is not None:
        container.clock.override(providers.Object(FixedClock(args.now)))
    run_command(container, __name__, lambda: _chat_session(args.clinic, PatientAddress(args.phone)))
    return 0


@inject
async def _chat_session(
    clinic_file: Path | None,
    patient: PatientAddress,
    intake: Intake = Provide[Container.intake],
    turns: TurnProcessor = Provide[Container.turn_processor],
    conversation: ConversationService = Provide[Container.conversation],
    sender: RecordingSender = Provide[Container.sender],
    clock: Clock = Provide[Container.clock],
    clinics: ClinicDirectory = Provide[Container.clinics],
    settings: Settings = Provide[Container.settings],
) -> None:
    clinic = await _chat_clinic(clinics, clinic_file if settings.durable else None)
    # Nobody comes back to a terminal later: a model outage is answered at once.
    patient_turns = replace(turns, conversation=replace(conversation, apologise_when_nlu_fails=True))
    await run_chat(intake, patient_turns, sender, clinic, clock, patient=patient, out=sys.stdout)


async def _chat_clinic(directory: ClinicDirectory, clinic_file: Path | None) -> Clinic:
    """The clinic to chat with: the one in ``clinic_file`` (in the database), else the first one."""
    if clinic_file is not None:
        wanted = load_clinic(clinic_file)
        found = await directory.get(wanted.id)
        if found is None:
            raise CommandError(
                f"clinic {wanted.id!r} is not in the database: run `clinicflow clinic load {clinic_file}`"
            )
        return found
    clinics = await directory.all()
    if not clinics:
        raise CommandError("the database has no clinics: run `clinicflow clinic load --demo` (or a file)")
    return clinics[0]


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from entrypoints.web import create_app

    container = build_container()
    settings = container.settings()
    settings.require_webhook_secrets()
    logs.configure(settings.log_format, settings.log_level, container.pseudonyms())
    if args.now is not None:
        # Time runs on from there: the inbox's leases and pauses must see it pass.
        container.clock.override(providers.Object(ShiftedClock(args.now)))
    # Check the database before the server starts, so a bad URL or schema is one clear line.
    asyncio.run(_preflight(container))
    if not settings.durable:
        _print_memory_staff_keys(container)
    app = create_app(container)
    _freeze_startup_objects()
    # A line per request costs a tenth of the intake's CPU and says nothing a log of the
    # application does not: off unless asked for.
    # log_config=None: uvicorn's lines go through the handler `logs.configure` set up.
    uvicorn.run(app, host=args.host, port=args.port, access_log=settings.access_log, log_config=None)
    return 0


def _freeze_startup_objects() -> None:
    """Leave what the imports built (the SDKs' models, the app, the clinic files) out of every
    later garbage collection. They live as long as the process, and walking them is what made
    a full collection stop the server for 50-280 ms under load (bench: p99 at 1,000/s)."""
    gc.collect()
    gc.freeze()


def _print_memory_staff_keys(container: Container) -> None:
    """Without a database there is no `staff-key create` nor `staff invite`: each clinic gets an
    API key and an admin's invitation for this process, printed (never logged) where whoever
    started it reads them."""

    async def issue() -> list[tuple[str, str, str]]:
        access, accounts = container.staff_access(), container.accounts()
        clinics = await container.clinics().all()
        issued = []
        for clinic in clinics:
            key = await access.issue(clinic.id, "memory storage")
            admin = await accounts.invite(
                Origin.cli(clinic.id), clinic.id, f"admin@{clinic.id}.invalid", "Admin", Role.ADMIN
            )
            issued.append((clinic.id, key.secret, admin.token))
        return issued

    for clinic_id, secret, token in asyncio.run(issue()):
        print(
            f"staff key for {clinic_id} (memory storage: valid while this process runs): {secret}",
            file=sys.stderr,
            flush=True,
        )
        print(
            f"console admin of {clinic_id} (admin@{clinic_id}.invalid): set a password at"
            f" /console/invitation/{token}",
            file=sys.stderr,
            flush=True,
        )


async def _preflight(container: Container) -> None:
    await start_services(container)
    await stop_services(container)


def _worker(args: argparse.Namespace) -> int:
    container = build_container()
    settings = container.settings()
    logs.configure(settings.log_format, settings.log_level, container.pseudonyms())
    if args.now is not None:
        container.clock.override(providers.Object(ShiftedClock(args.now)))
    # The event loop `serve` gets from uvicorn: uvloop, where it is installed.
    _freeze_startup_objects()
    try:
        import uvloop
    except ImportError:  # pragma: no cover - a platform without uvloop (Windows)
        asyncio.run(run_worker(container, once=args.once))
    else:
        uvloop.run(run_worker(container, once=args.once))
    return 0


def _migrate() -> int:
    container = build_container()
    container.settings().require_database()
    database = container.database()

    async def run() -> int:
        connection = await database.connect()
        try:
            applied = await migrate(connection)
        finally:
            await connection.close()
        for migration in applied:
            print(f"applied {migration.version:04d}_{migration.name}")
        latest = bundled_migrations()[-1]
        state = "migrated" if applied else "already up to date"
        print(f"{database.options.where}: {state}, schema version {latest.version}")
        return 0

    return asyncio.run(run())


def _load(args: argparse.Namespace) -> int:
    clinic = load_demo_clinic() if args.demo else load_clinic(args.file)
    container = build_container()
    container.settings().require_database()
    database = container.database()

    async def run() -> int:
        await database.start(require_current_schema=True)
        try:
            result = await container.postgres_clinics().put(clinic)
            detail = "created from its file" if result.created else "loaded from its file"
            await container.audit().record(
                Origin.cli(clinic.id), AuditAction.SETTINGS_CHANGED, clinic.id, detail
            )
        finally:
            await database.stop()
        verb = "created" if result.created else "updated"
        print(f"{verb} clinic {clinic.id} ({clinic.name}): {result.doctors} doctors, {len(clinic.faq)} FAQ")
        if result.deactivated_doctors:
            print(f"  deactivated (no longer in the file): {', '.join(result.deactivated_doctors)}")
        return 0

    return asyncio.run(run())


def _export(args: argparse.Namespace, out: TextIO) -> int:
    """The clinic as the database has it now, as the file `clinic load` reads back unchanged."""
    container = build_container()
    container.settings().require_database()
    database = container.database()

    async def read() -> Clinic | None:
        await database.start(require_current_schema=True)
        try:
            return await container.postgres_clinics().get(ClinicId(args.clinic_id))
        finally:
            await database.stop()

    clinic = asyncio.run(read())
    if clinic is None:
        raise UnknownClinic(f"no clinic {args.clinic_id!r} in the database")
    text = clinic_toml(clinic)
    if args.output is None:
        out.write(text)
    else:
        try:
            args.output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"cannot write {args.output}: {exc.strerror or exc}") from exc
        print(f"wrote clinic {clinic.id} ({clinic.name}) to {args.output}", file=out)
    return 0


def _config_check() -> int:
    """Every setting as the environment makes it (a bad one stops with the variable's name)."""
    settings = Settings.from_environment()
    described = settings.described()
    width = max(len(name) for name, _ in described)
    for name, shown in described:
        print(f"{name.ljust(width)}  {shown}")
    print("configuration ok")
    return 0


def _check(args: argparse.Namespace) -> int:
    clinic = load_clinic(args.file)
    print(
        f"{args.file}: ok — {clinic.name} ({clinic.timezone.key}), phone number id {clinic.phone_number_id}"
    )
    print(f"  speaks {clinic.locale}, with {clinic.register.value}")
    for doctor in clinic.doctors:
        print(f"  {doctor.id}: {doctor.name}, {doctor.specialty}, {doctor.slot_length.seconds // 60} min")
    print(f"  {len(clinic.faq)} FAQ entries")
    notice, retention = clinic.privacy.notice, clinic.privacy.retention
    text = "its own text" if notice.text else "the standard text"
    print(f"  privacy notice {notice.version}: {text}, link {notice.url or 'none'}")
    print(
        f"  keeps messages {retention.messages.days} days, receipts {retention.receipts.days} days, "
        f"outbound log {retention.outbound.days} days, clinical records "
        f"{retention.clinical_records.days // DAYS_PER_YEAR} years"
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # A line per Graph API request (every reply, every read receipt) repeats what each turn's
    # own line says; its failures are logged by the sender.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        if args.command == "chat":
            return _chat(args)
        if args.command == "serve":
            return _serve(args)
        if args.command == "migrate":
            return _migrate()
        if args.command == "worker":
            return _worker(args)
        if args.command == "recall":
            return outreach_cli.recall(args, sys.stdout)
        if args.command == "reminders":
            return outreach_cli.reminders(sys.stdout)
        if args.command in ("staff", "staff-key"):
            return staff_cli.run(args, sys.stdout)
        if args.command == "config":
            return _config_check()
        if args.clinic_command == "load":
            return _load(args)
        if args.clinic_command == "export":
            return _export(args, sys.stdout)
        return _check(args)
    except USER_ERRORS as error:
        print(f"clinicflow: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`clinicflow chat | head`): nothing left to say, and no traceback.
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
