"""`clinicflow staff invite|list|deactivate|reactivate`: the people who sign in to the console; and
`clinicflow staff-key create|list|revoke`: the API keys of the machines that use the staff API,
one per integration. Both need DATABASE_URL; every change is in the audit log (channel "cli")."""

from __future__ import annotations

import argparse
from typing import TextIO

from dependency_injector.wiring import Provide, inject

from application.accounts import Accounts, Invitation
from application.audit import Audit, Origin
from application.ports import AuditAction
from application.staff import StaffAccess
from domain.staff import Role
from entrypoints.container import Container, build_container, run_command
from entrypoints.settings import SettingsError

INVITATION_PATH = "/console/invitation/"
ROLES = [role.value for role in Role]


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    _key_commands(commands)
    staff = commands.add_parser("staff", help="the people who sign in to a clinic's console")
    actions = staff.add_subparsers(dest="staff_command", required=True)
    invite = actions.add_parser(
        "invite", help="invite someone: prints the link that sets their password, once"
    )
    invite.add_argument("clinic", help="the clinic's id")
    invite.add_argument("email", help="their e-mail, which they sign in with")
    invite.add_argument("--name", required=True, help="their name, as the audit log shows it")
    invite.add_argument("--role", choices=ROLES, default=Role.RECEPTION.value, help="admin for the first one")
    again = actions.add_parser("reinvite", help="a new invitation for someone who has not set a password")
    again.add_argument("account_id", help="the account's id, from `list`")
    listed = actions.add_parser("list", help="a clinic's accounts")
    listed.add_argument("clinic", help="the clinic's id")
    for name, what in (
        ("deactivate", "stop someone signing in, and end their sessions, at once"),
        ("reactivate", "let a deactivated account sign in again"),
    ):
        action = actions.add_parser(name, help=what)
        action.add_argument("account_id", help="the account's id, from `list`")


def _key_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    keys = commands.add_parser("staff-key", help="API keys of the machines that use the staff API (/api/v1)")
    actions = keys.add_subparsers(dest="staff_key_command", required=True)
    create = actions.add_parser("create", help="issue a key; it is printed once and never stored")
    create.add_argument("clinic", help="the clinic's id")
    create.add_argument(
        "--integration",
        "--name",
        dest="name",
        default="staff",
        help="the integration it serves (shown in `list`)",
    )
    create.add_argument("--role", choices=ROLES, default=Role.RECEPTION.value, help="what it may do")
    listed = actions.add_parser("list", help="a clinic's keys (never the keys themselves)")
    listed.add_argument("clinic", help="the clinic's id")
    revoke = actions.add_parser("revoke", help="stop a key from opening anything, at once")
    revoke.add_argument("key_id", help="the key's id, from `list`")


def run(args: argparse.Namespace, out: TextIO) -> int:
    container = build_container()
    if not container.settings().durable:
        raise SettingsError(
            "staff accounts and keys need DATABASE_URL (PostgreSQL): they are kept in the database"
        )
    act = _account_act if args.command == "staff" else _key_act
    return run_command(container, __name__, lambda: act(args, out))


def print_invitation(invited: Invitation, out: TextIO) -> None:
    account = invited.account
    print(f"account {account.id} for {account.clinic_id} ({account.role.value}), invited:", file=out)
    print(f"{INVITATION_PATH}{invited.token}", file=out)
    print(
        "Open it on the server's address within 7 days to set the password. It is shown only now.",
        file=out,
    )


@inject
async def _account_act(
    args: argparse.Namespace, out: TextIO, accounts: Accounts = Provide[Container.accounts]
) -> int:
    command = args.staff_command
    if command == "invite":
        origin = Origin.cli(args.clinic)
        print_invitation(
            await accounts.invite(origin, args.clinic, args.email, args.name, Role(args.role)), out
        )
        return 0
    if command == "reinvite":
        print_invitation(await accounts.invite_again(Origin.cli(None), args.account_id), out)
        return 0
    if command == "list":
        for account in await accounts.of_clinic(args.clinic):
            state = (
                f"deactivated {account.deactivated_at:%Y-%m-%d %H:%M} UTC"
                if account.deactivated_at
                else "active"
                if account.active
                else "invited"
            )
            factor = "  2FA" if account.second_factor else ""
            print(
                f"{account.id}  {account.role.value}  {account.name}  {account.email}  {state}{factor}",
                file=out,
            )
        return 0
    if command == "deactivate":
        done = await accounts.deactivate(Origin.cli(None), args.account_id)
        print(f"account {done.id} deactivated: its sessions end at their next request", file=out)
        return 0
    done = await accounts.reactivate(Origin.cli(None), args.account_id)
    print(f"account {done.id} reactivated", file=out)
    return 0


@inject
async def _key_act(
    args: argparse.Namespace,
    out: TextIO,
    access: StaffAccess = Provide[Container.staff_access],
    audit: Audit = Provide[Container.audit],
) -> int:
    if args.staff_key_command == "create":
        issued = await access.issue(args.clinic, args.name, Role(args.role))
        await audit.record(Origin.cli(issued.key.clinic_id), AuditAction.KEY_ISSUED, issued.key.id, args.role)
        print(
            f"key {issued.key.id} for {issued.key.clinic_id} ({issued.key.name}, {issued.key.role.value}):",
            file=out,
        )
        print(issued.secret, file=out)
        print(
            "It is shown only now: keep it in a secret store. Use it as 'Authorization: Bearer <key>'.",
            file=out,
        )
        return 0
    if args.staff_key_command == "list":
        for key in await access.of_clinic(args.clinic):
            state = f"revoked {key.revoked_at:%Y-%m-%d %H:%M} UTC" if key.revoked_at else "live"
            print(
                f"{key.id}  {key.name}  {key.role.value}"
                f"  created {key.created_at:%Y-%m-%d %H:%M} UTC  {state}",
                file=out,
            )
        return 0
    revoked = await access.keys.by_id(args.key_id)
    if revoked is not None and await access.revoke(args.key_id):
        await audit.record(Origin.cli(revoked.clinic_id), AuditAction.KEY_REVOKED, revoked.id)
        print(f"key {args.key_id} revoked", file=out)
        return 0
    print(f"no live key {args.key_id}", file=out)
    return 1
