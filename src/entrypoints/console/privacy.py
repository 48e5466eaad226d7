"""``/console/solicitudes`` and a patient's data from their conversation (issue 24): the register of
patients' requests about their data, with each one's legal deadline (pending ones, the soonest due
first); a request taken at the desk; one marked answered; the full copy of what is kept about a
patient, downloaded as JSON; and an admin's erasure, behind a page that says what goes and what
stays.

It stands on ``PatientRights``, as the staff API's ``/patients`` and ``/privacy-requests`` do, so
the copy is the API's JSON and every action is audited there, with the signed-in account as actor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.params import PathParameter, QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from application.speech import speech
from application.staff import InvalidRequest
from application.texts_es.privacy import period
from domain.clinic import Clinic
from domain.privacy_requests import WARN_BEFORE, Channel, PrivacyRequest, Right
from domain.staff import Permission
from entrypoints.api.patient_schemas import export_out
from entrypoints.console.conversations import PatientPath
from entrypoints.console.signed_in import Agenda, Desk, Rights, Staff, Time, page_context, told
from entrypoints.console.views import conversation_row, shown_number
from entrypoints.patient_paths import patient_of, patient_path
from entrypoints.roles import PERMISSION

WORK = {PERMISSION: Permission.WORK}
ADMIN = {PERMISSION: Permission.ADMINISTER}
RequestPath = Annotated[str, PathParameter(description="the request's id")]

KINDS = {
    Right.ACCESS: "Acceso",
    Right.RECTIFICATION: "Rectificación",
    Right.ERASURE: "Supresión",
    Right.OBJECTION: "Oposición",
}
CHANNELS = {Channel.WHATSAPP: "WhatsApp", Channel.API: "API", Channel.CONSOLE: "Consola"}
_TYPED = re.compile(r"[\s().-]")  # what people type inside a number: "+56 9 1111-2222"


@dataclass(frozen=True, slots=True)
class RequestRow:
    """One request as the page shows it."""

    id: str
    kind: str
    channel: str
    received: str  # the clinic's day it came in
    due: str
    state: str  # "vencida", "vence pronto", "respondida el ..." or ""
    state_class: str  # vencida | pronto | respondida | ""
    path: str  # the patient's conversation, while their number is kept
    shown: str  # "+56911112222", or "paciente borrado" once only the keyed hash remains
    pending: bool


def request_row(clinic: Clinic, request: PrivacyRequest, today: date) -> RequestRow:
    state, state_class = "", ""
    if request.answered_at is not None:
        state, state_class = f"respondida el {clinic.local(request.answered_at):%d/%m/%Y}", "respondida"
    elif request.due < today:
        state, state_class = "vencida", "vencida"
    elif request.due - today <= WARN_BEFORE:
        state, state_class = "vence pronto", "pronto"
    address = request.address
    return RequestRow(
        id=request.id,
        kind=KINDS[request.right],
        channel=CHANNELS[request.channel],
        received=f"{clinic.local(request.received_at):%d/%m/%Y}",
        due=f"{request.due:%d/%m/%Y}",
        state=state,
        state_class=state_class,
        path=patient_path(address) if address is not None else "",
        shown=shown_number(address) if address is not None else "paciente borrado",
        pending=request.pending,
    )


def _requests(request: Request[Any, Any, Any]) -> str:
    return request.url_for("console_requests")


class PrivacyPages(Controller):
    path = "/"

    @get("/solicitudes", name="console_requests")
    async def requests(
        self,
        request: Request[Any, Any, Any],
        staff: Staff,
        rights: Rights,
        clock: Time,
        todas: Annotated[bool, QueryParameter(description="answered ones too, the latest first")] = False,
    ) -> Template:
        found = await rights.requests(staff.clinic.id, pending=not todas)
        today = staff.clinic.today(clock.now())
        rows = [request_row(staff.clinic, r, today) for r in found]
        context = page_context(staff, "requests", request, rows=rows, every=todas, kinds=KINDS)
        return Template("requests.html", context=context)

    @post("/solicitudes", name="console_request_take", status_code=HTTP_303_SEE_OTHER)
    async def take(
        self,
        request: Request[Any, Any, Any],
        data: URLEncodedBody[dict[str, str]],
        staff: Staff,
        rights: Rights,
    ) -> Redirect:
        """A request received at the desk, by phone or by mail: pending until marked answered."""
        kind = data.get("kind", "")
        if kind not in Right.__members__.values():
            raise InvalidRequest("access, rectification, erasure or objection")
        patient = patient_of(_TYPED.sub("", data.get("patient", "")))
        taken = await rights.register(staff.clinic.id, patient, Right(kind), staff.origin)
        notice = f"Solicitud de {KINDS[taken.right].lower()} anotada: vence el {taken.due:%d/%m/%Y}."
        return told(request, notice, _requests(request))

    @post(
        "/solicitudes/{request_id:str}/respondida",
        name="console_request_answered",
        status_code=HTTP_303_SEE_OTHER,
    )
    async def answered(
        self, request: Request[Any, Any, Any], request_id: RequestPath, staff: Staff, rights: Rights
    ) -> Redirect:
        done = await rights.answer(staff.clinic.id, request_id, staff.origin)
        return told(request, f"Solicitud de {KINDS[done.right].lower()} respondida.", _requests(request))

    @get("/c/{patient:str}/datos", name="console_export", opt=WORK)
    async def export(self, patient: PatientPath, staff: Staff, rights: Rights) -> Response[bytes]:
        """The right of access's full copy: the staff API's JSON, as a file (audited as there)."""
        address = patient_of(patient)
        found = await rights.export(staff.clinic.id, address, staff.origin)
        retention = staff.clinic.privacy.retention
        body = msgspec.json.encode(export_out(found, staff.clinic.timezone, retention))
        name = re.sub(r"[^0-9A-Za-z_.-]", "-", patient_path(found.patient))
        return Response(
            body,
            media_type="application/json",
            headers={"Content-Disposition": f'attachment; filename="datos-{name}.json"'},
        )

    @get("/c/{patient:str}/borrar", name="console_erase_form", opt=ADMIN)
    async def erase_form(
        self, request: Request[Any, Any, Any], patient: PatientPath, staff: Staff, desk: Desk, agenda: Agenda
    ) -> Template:
        """What erasing goes and what stays, as the patient reads it before confirming by chat."""
        chat = await desk.conversation(staff.clinic.id, patient_of(patient))
        upcoming = await agenda.upcoming(staff.clinic.id, chat.patient)
        retention = staff.clinic.privacy.retention
        _ = speech(staff.clinic)
        context = page_context(
            staff,
            "inbox",
            request,
            conversation=conversation_row(staff.clinic, chat, None),
            upcoming=len(upcoming),
            records=period(_, retention.clinical_records),
        )
        return Template("erase.html", context=context)

    @post("/c/{patient:str}/borrar", name="console_erase", opt=ADMIN, status_code=HTTP_303_SEE_OTHER)
    async def erase(
        self, request: Request[Any, Any, Any], patient: PatientPath, staff: Staff, desk: Desk, rights: Rights
    ) -> Redirect:
        address = patient_of(patient)
        await desk.conversation(staff.clinic.id, address)  # one the clinic has (else a 404 page)
        erased = await rights.erase(staff.clinic.id, address, staff.origin)
        notice = (
            "Datos del paciente borrados. Citas pasadas guardadas como registro clínico, sin nombre "
            f"ni número: {erased.records_kept}. Próximas citas anuladas: {erased.upcoming_cancelled}."
        )
        return told(request, notice, request.url_for("console_inbox"))
