"""``/console/equipo`` and ``/console/registro``: an admin's pages. The team: accounts listed,
invited (the link shown once, in the answer to the form, never stored), deactivated,
reactivated, re-rolled. The audit log: newest first, a page at a time, each entry with who did it
(an account's name and e-mail, a key's integration), and exported as CSV or JSON (the export
itself audited)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.params import PathParameter, QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from application.accounts import INVITATION_DAYS, LastAdmin
from application.ports import ActorKind, AuditAction, AuditRecord, EmailTaken
from application.staff import InvalidRequest
from domain.staff import Permission, Role, StaffAccount
from entrypoints.console.signed_in import Access, Audits, SignedIn, Staff, Team, page_context, told
from entrypoints.roles import PERMISSION

ADMIN = {PERMISSION: Permission.ADMINISTER}
PAGE = 50
AccountPath = Annotated[str, PathParameter(description="the account's id")]

ROLES = {Role.ADMIN: "Administración", Role.RECEPTION: "Recepción", Role.READ_ONLY: "Solo lectura"}
ACTIONS = {
    AuditAction.SIGN_IN: "Inició sesión",
    AuditAction.SIGN_IN_FAILED: "Inicio de sesión fallido",
    AuditAction.SIGN_OUT: "Cerró sesión",
    AuditAction.CONVERSATION_OPENED: "Abrió una conversación",
    AuditAction.REPLY_SENT: "Respondió al paciente",
    AuditAction.CONVERSATION_TAKEN: "Tomó la conversación",
    AuditAction.CONVERSATION_RETURNED: "Devolvió la conversación al bot",
    AuditAction.APPOINTMENT_BOOKED: "Reservó una cita",
    AuditAction.APPOINTMENT_MOVED: "Cambió una cita",
    AuditAction.APPOINTMENT_CANCELLED: "Anuló una cita",
    AuditAction.VISIT_RECORDED: "Anotó la asistencia",
    AuditAction.NUMBER_BLOCKED: "Bloqueó un número",
    AuditAction.NUMBER_UNBLOCKED: "Desbloqueó un número",
    AuditAction.BOT_SWITCHED: "Encendió o apagó el bot",
    AuditAction.SETTINGS_CHANGED: "Cambió la configuración",
    AuditAction.SETTINGS_EXPORTED: "Exportó el archivo de la clínica",
    AuditAction.PATIENT_EXPORTED: "Exportó los datos de un paciente",
    AuditAction.PATIENT_ERASED: "Borró los datos de un paciente",
    AuditAction.PATIENT_RECTIFIED: "Corrigió los datos de un paciente",
    AuditAction.PRIVACY_REQUEST_RECEIVED: "Recibió una solicitud de privacidad",
    AuditAction.PRIVACY_REQUEST_ANSWERED: "Respondió una solicitud de privacidad",
    AuditAction.ACCOUNT_INVITED: "Invitó a una cuenta",
    AuditAction.ACCOUNT_ACTIVATED: "Activó una cuenta",
    AuditAction.ACCOUNT_DEACTIVATED: "Desactivó una cuenta",
    AuditAction.ACCOUNT_ROLE_CHANGED: "Cambió el rol de una cuenta",
    AuditAction.SECOND_FACTOR_ENABLED: "Activó la verificación en dos pasos",
    AuditAction.KEY_ISSUED: "Emitió una clave de API",
    AuditAction.KEY_REVOKED: "Revocó una clave de API",
    AuditAction.AUDIT_EXPORTED: "Exportó el registro",
    AuditAction.RETENTION_PURGED: "Borró datos vencidos",
}


@dataclass(frozen=True, slots=True)
class Row:
    """One entry as the page and the export show it."""

    sequence: int
    at: str
    who: str  # "Carla Rojas <carla@clinica.cl>", "API: agenda-sync", "Consola de comandos"...
    action: str
    what: str  # the stored action name
    channel: str
    client: str
    target: str
    detail: str


async def _rows(staff: SignedIn, team: Team, access: Access, records: list[AuditRecord]) -> list[Row]:
    people = {a.id: f"{a.name} <{a.email}>" for a in await team.of_clinic(staff.clinic.id)}
    keys = {k.id: f"API: {k.name}" for k in await access.of_clinic(staff.clinic.id)}
    return [_row(staff, record, people, keys) for record in records]


def _row(staff: SignedIn, record: AuditRecord, people: dict[str, str], keys: dict[str, str]) -> Row:
    entry = record.entry
    actor = entry.actor
    if actor.kind is ActorKind.ACCOUNT:
        who = people.get(actor.id, f"Cuenta {actor.id}")
    elif actor.kind is ActorKind.API_KEY:
        who = keys.get(actor.id, f"Clave {actor.id}")
    elif actor.kind is ActorKind.SYSTEM:
        who = "Consola de comandos" if actor.id == "cli" else "Sistema"
    elif actor.kind is ActorKind.PATIENT:
        who = "Paciente"
    else:
        who = "Desconocido"
    return Row(
        sequence=record.sequence,
        at=f"{staff.clinic.local(entry.at):%Y-%m-%d %H:%M:%S}",
        who=who,
        action=ACTIONS.get(entry.action, entry.action.value),
        what=entry.action.value,
        channel=entry.channel,
        client=entry.client or "",
        target=entry.target or "",
        detail=entry.detail,
    )


def _team_context(
    staff: SignedIn, request: Request[Any, Any, Any], accounts: list[StaffAccount]
) -> dict[str, Any]:
    shown = [
        {
            "id": a.id,
            "name": a.name,
            "email": a.email,
            "role": a.role.value,
            "role_name": ROLES[a.role],
            "state": "Desactivada" if a.deactivated_at else "Activa" if a.active else "Invitada",
            "active": a.deactivated_at is None,
            "second_factor": a.second_factor,
            "me": a.id == staff.account.id,
        }
        for a in accounts
    ]
    return page_context(staff, "team", request, accounts=shown, roles=ROLES, days=INVITATION_DAYS)


class Administration(Controller):
    path = "/"

    @get("/equipo", name="console_team", opt=ADMIN)
    async def team(self, request: Request[Any, Any, Any], staff: Staff, accounts: Team) -> Template:
        found = await accounts.of_clinic(staff.clinic.id)
        return Template("team.html", context=_team_context(staff, request, found))

    @post("/equipo", name="console_invite", opt=ADMIN, status_code=200)
    async def invite(
        self,
        request: Request[Any, Any, Any],
        data: URLEncodedBody[dict[str, str]],
        staff: Staff,
        accounts: Team,
    ) -> Template:
        """The invitation's link is in this answer only: it is never stored nor shown again."""
        role = data.get("role", "")
        error = link = None
        try:
            if role not in Role.__members__.values():
                raise InvalidRequest("no such role")
            invited = await accounts.invite(
                staff.origin, staff.clinic.id, data.get("email", ""), data.get("name", ""), Role(role)
            )
            link = request.url_for("console_invitation", token=invited.token)  # absolute: base URL and path
        except EmailTaken:
            error = "Ya hay una cuenta con ese correo en la clínica."
        except InvalidRequest:
            error = "Revise el correo, el nombre y el rol."
        context = _team_context(staff, request, await accounts.of_clinic(staff.clinic.id))
        return Template("team.html", context={**context, "link": link, "error": error})

    @post(
        "/equipo/{account_id:str}/desactivar",
        name="console_deactivate",
        opt=ADMIN,
        status_code=HTTP_303_SEE_OTHER,
    )
    async def deactivate(
        self, request: Request[Any, Any, Any], account_id: AccountPath, staff: Staff, accounts: Team
    ) -> Redirect:
        try:
            done = await accounts.deactivate(staff.origin, account_id)
        except LastAdmin:
            return told(
                request, "La clínica necesita al menos una cuenta de administración activa.", _team(request)
            )
        return told(request, f"{done.name} ya no puede entrar; sus sesiones terminaron.", _team(request))

    @post(
        "/equipo/{account_id:str}/reactivar",
        name="console_reactivate",
        opt=ADMIN,
        status_code=HTTP_303_SEE_OTHER,
    )
    async def reactivate(
        self, request: Request[Any, Any, Any], account_id: AccountPath, staff: Staff, accounts: Team
    ) -> Redirect:
        done = await accounts.reactivate(staff.origin, account_id)
        return told(request, f"{done.name} puede entrar otra vez.", _team(request))

    @post("/equipo/{account_id:str}/rol", name="console_role", opt=ADMIN, status_code=HTTP_303_SEE_OTHER)
    async def role(
        self,
        request: Request[Any, Any, Any],
        account_id: AccountPath,
        data: URLEncodedBody[dict[str, str]],
        staff: Staff,
        accounts: Team,
    ) -> Redirect:
        role = data.get("role", "")
        if role not in Role.__members__.values():
            raise InvalidRequest("no such role")
        try:
            done = await accounts.change_role(staff.origin, account_id, Role(role))
        except LastAdmin:
            return told(
                request, "La clínica necesita al menos una cuenta de administración activa.", _team(request)
            )
        return told(request, f"{done.name}: {ROLES[done.role].lower()}.", _team(request))

    @get("/registro", name="console_audit", opt=ADMIN)
    async def audit_log(
        self,
        request: Request[Any, Any, Any],
        staff: Staff,
        audit: Audits,
        accounts: Team,
        access: Access,
        antes: Annotated[int | None, QueryParameter(description="entries older than this one", ge=1)] = None,
    ) -> Template:
        records = await audit.entries(staff.clinic.id, before=antes, limit=PAGE)
        rows = await _rows(staff, accounts, access, records)
        older = records[-1].sequence if len(records) == PAGE else None
        return Template("audit.html", context=page_context(staff, "audit", request, rows=rows, older=older))

    @get("/registro/exportar", name="console_audit_export", opt=ADMIN)
    async def export(
        self,
        staff: Staff,
        audit: Audits,
        accounts: Team,
        access: Access,
        formato: Annotated[str, QueryParameter(description="csv or json")] = "csv",
    ) -> Response[bytes]:
        """The log as a file (the export is itself the first entry of what it exports)."""
        rows = await _rows(staff, accounts, access, await audit.export(staff.origin, staff.clinic.id))
        fields = list(Row.__dataclass_fields__)
        name = f"registro-{staff.clinic.id}"
        if formato == "json":
            body = json.dumps(
                [{f: getattr(r, f) for f in fields} for r in rows], ensure_ascii=False, indent=1
            )
            return _download(body.encode(), "application/json", f"{name}.json")
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(fields)
        for r in rows:
            writer.writerow([_cell(getattr(r, f)) for f in fields])
        return _download(out.getvalue().encode(), "text/csv; charset=utf-8", f"{name}.csv")


def _cell(value: object) -> object:
    """A cell a spreadsheet will not run: text starting with = + - @ is quoted with a '."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _download(body: bytes, media_type: str, filename: str) -> Response[bytes]:
    return Response(
        body, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


def _team(request: Request[Any, Any, Any]) -> str:
    return request.url_for("console_team")
