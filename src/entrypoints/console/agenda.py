"""``/console/agenda`` and ``/console/appointments/...``: the agenda, a cancellation, a visit noted."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.params import PathParameter, QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from application.ports import AuditAction
from application.staff import InvalidRequest
from domain.appointment import Appointment, VisitOutcome
from domain.clinic import Clinic
from domain.ids import AppointmentId
from entrypoints.console.signed_in import Agenda, Audits, Staff, Time, page_context, safe_back, told
from entrypoints.console.views import VISITS, AppointmentRow, appointment_row, day_title

AppointmentPath = Annotated[str, PathParameter(description="the appointment's id")]


def _by_doctor(clinic: Clinic, found: list[Appointment], today: date, now: Any) -> list[dict[str, Any]]:
    """The agenda as the page shows it: each doctor, their days, each day's appointments."""
    doctors = []
    for doctor in clinic.doctors:
        by_day: dict[date, list[AppointmentRow]] = {}
        for appointment in (a for a in found if a.doctor_id == doctor.id):
            day = clinic.local(appointment.starts_at).date()
            by_day.setdefault(day, []).append(appointment_row(clinic, appointment, now))
        days = [
            {"title": day_title(day, today), "appointments": rows} for day, rows in sorted(by_day.items())
        ]
        doctors.append({"name": doctor.name, "specialty": doctor.specialty, "days": days})
    return doctors


class AgendaPages(Controller):
    path = "/"

    @get("/agenda", name="console_agenda")
    async def agenda(
        self,
        request: Request[Any, Any, Any],
        staff: Staff,
        agenda: Agenda,
        clock: Time,
        dias: Annotated[int, QueryParameter(description="1: today, 7: this week")] = 7,
    ) -> Template:
        days = 1 if dias == 1 else 7
        now = clock.now()
        today = staff.clinic.today(now)
        found = await agenda.appointments(staff.clinic.id, today, days)
        doctors = _by_doctor(staff.clinic, found, today, now)
        back = f"{request.url.path}?dias={days}"
        context = page_context(staff, "agenda", request, doctors=doctors, days=days, back=back)
        return Template("agenda.html", context=context)

    @post("/appointments/{appointment_id:str}/cancel", name="console_cancel", status_code=HTTP_303_SEE_OTHER)
    async def cancel(
        self,
        request: Request[Any, Any, Any],
        appointment_id: AppointmentPath,
        data: URLEncodedBody[dict[str, str]],
        staff: Staff,
        agenda: Agenda,
    ) -> Redirect:
        await agenda.cancel(staff.clinic.id, AppointmentId(appointment_id), staff.origin)
        notice = (
            "Cita anulada: la hora queda libre, sus recordatorios no se envían "
            "y se avisa al paciente por WhatsApp."
        )
        return told(request, notice, safe_back(data, request.url_for("console_agenda")))

    @post("/appointments/{appointment_id:str}/visit", name="console_visit", status_code=HTTP_303_SEE_OTHER)
    async def visit(
        self,
        request: Request[Any, Any, Any],
        appointment_id: AppointmentPath,
        data: URLEncodedBody[dict[str, str]],
        staff: Staff,
        agenda: Agenda,
        audit: Audits,
    ) -> Redirect:
        outcome = data.get("outcome", "")
        if outcome not in VisitOutcome.__members__.values():
            raise InvalidRequest("attended or no_show")
        done = await agenda.record_visit(
            staff.clinic.id, AppointmentId(appointment_id), VisitOutcome(outcome)
        )
        await audit.record(staff.origin, AuditAction.VISIT_RECORDED, done.id, outcome)
        notice = f"{done.patient_name}: {VISITS[VisitOutcome(outcome)].lower()}."
        return told(request, notice, safe_back(data, request.url_for("console_agenda")))
