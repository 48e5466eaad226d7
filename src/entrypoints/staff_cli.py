"""`clinicflow staff-key create|list|revoke`: the API keys a clinic's staff use (needs DATABASE_URL)."""

from __future__ import annotations

import argparse
from typing import TextIO

from dependency_injector.wiring import Provide, inject

from application.staff import StaffAccess
from entrypoints.container import Container, build_container, run_command
from entrypoints.settings import SettingsError


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    keys = commands.add_parser("staff-key", help="API keys of a clinic's staff (the staff API, /api/v1)")
    actions = keys.add_subparsers(dest="staff_key_command", required=True)
    create = actions.add_parser("create", help="issue a key; it is printed once and never stored")
    create.add_argument("clinic", help="the clinic's id")
    create.add_argument("--name", default="staff", help="whose key it is (shown in `list`)")
    listed = actions.add_parser("list", help="a clinic's keys (never the keys themselves)")
    listed.add_argument("clinic", help="the clinic's id")
    revoke = actions.add_parser("revoke", help="stop a key from opening anything, at once")
    revoke.add_argument("key_id", help="the key's id, from `list`")


def run(args: argparse.Namespace, out: TextIO) -> int:
    container = build_container()
    if not container.settings().durable:
        raise SettingsError("staff keys need DATABASE_URL (PostgreSQL): they are kept in the database")
    return run_command(container, __name__, lambda: _act(args, out))


@inject
async def _act(
    args: argparse.Namespace, out: TextIO, access: StaffAccess = Provide[Container.staff_access]
) -> int:
    if args.staff_key_command == "create":
        issued = await access.issue(args.clinic, args.name)
        print(f"key {issued.key.id} for {issued.key.clinic_id} ({issued.key.name}):", file=out)
        print(issued.secret, file=out)
        print(
            "It is shown only now: keep it in a secret store. Use it as 'Authorization: Bearer <key>'.",
            file=out,
        )
        return 0
    if args.staff_key_command == "list":
        for key in await access.of_clinic(args.clinic):
            state = f"revoked {key.revoked_at:%Y-%m-%d %H:%M} UTC" if key.revoked_at else "live"
            print(f"{key.id}  {key.name}  created {key.created_at:%Y-%m-%d %H:%M} UTC  {state}", file=out)
        return 0
    if await access.revoke(args.key_id):
        print(f"key {args.key_id} revoked", file=out)
        return 0
    print(f"no live key {args.key_id}", file=out)
    return 1
