"""The `clinicflow` command: serve the webhook, chat in a terminal, check a clinic file."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from dependency_injector import providers

from adapters.clinic_config.toml_file import ClinicConfigError, load_clinic
from adapters.memory.clock import FixedClock
from domain.ids import PatientAddress
from entrypoints.chat import run_chat
from entrypoints.container import build_container
from entrypoints.settings import Settings, SettingsError

DEMO_PATIENT = "56911112222"


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

    clinic = commands.add_parser("clinic", help="clinic configuration files")
    clinic_commands = clinic.add_subparsers(dest="clinic_command", required=True)
    check = clinic_commands.add_parser("check", help="validate a clinic file and summarise it")
    check.add_argument("file", type=Path)
    return parser


def _chat(args: argparse.Namespace) -> int:
    settings = Settings.from_environment()
    if args.clinic is not None:
        settings = replace(settings, clinic_files=(args.clinic,))
    container = build_container(settings)
    if args.now is not None:
        container.clock.override(providers.Object(FixedClock(args.now)))
    clinic = next(iter(container.clinics().all()))
    asyncio.run(
        run_chat(
            container.handle_message(),
            container.sender(),
            clinic,
            container.clock(),
            patient=PatientAddress(args.phone),
            out=sys.stdout,
        )
    )
    return 0


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from entrypoints.web import create_app

    container = build_container()
    container.settings().require_webhook_secrets()
    uvicorn.run(create_app(container), host=args.host, port=args.port)
    return 0


def _check(args: argparse.Namespace) -> int:
    clinic = load_clinic(args.file)
    print(
        f"{args.file}: ok — {clinic.name} ({clinic.timezone.key}), phone number id {clinic.phone_number_id}"
    )
    for doctor in clinic.doctors:
        print(f"  {doctor.id}: {doctor.name}, {doctor.specialty}, {doctor.slot_length.seconds // 60} min")
    print(f"  {len(clinic.faq)} FAQ entries")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        if args.command == "chat":
            return _chat(args)
        if args.command == "serve":
            return _serve(args)
        return _check(args)
    except (SettingsError, ClinicConfigError) as error:
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
