"""``/console/calendario``: the week of one doctor or of the whole clinic, one day of every doctor,
and an appointment moved or cancelled from them (the patient told on WhatsApp)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode

from litestar import Controller, Request, get, post
from litestar.params import PathParameter, QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from application.staff import InvalidRequest
from domain.ids import AppointmentId, DoctorId
from domain.staff import Permission
from entrypoints.console.calendar_views import WEEK, monday_of, options_by_day, shown_day
from entrypoints.console.signed_in import Agenda, Calendar, Staff, Time, page_context, safe_back, told
from entrypoints.console.views import appointment_row
from entrypoints.roles import PERMISSION

AppointmentPath = Annotated[str, PathParameter(description="the appointment's id")]
Day = Annotated[date | None, QueryParameter(description="a day of the week shown (default: today)")]
EARLIEST, LATEST = date(1900, 1, 1), date(9000, 12, 31)
Doctor = Annotated[str, QueryParameter(description="a doctor's id; empty: the whole clinic")]


def _week_link(request: Request[Any, Any, Any], monday: date, doctor: str) -> str:
    query = {"semana": monday.isoformat(), **({"medico": doctor} if doctor else {})}
    return f"{request.url_for('console_calendar')}?{urlencode(query)}"


def _day_link(request: Request[Any, Any, Any], day: date) -> str:
    return f"{request.url_for('console_calendar_day')}?{urlencode({'fecha': day.isoformat()})}"


def _checked(day: date) -> date:
    """A day the calendar can show with its neighbours (no running off the calendar's ends)."""
    if not EARLIEST <= day <= LATEST:
        raise InvalidRequest(f"a day between {EARLIEST} and {LATEST}")
    return day


def _back(request: Request[Any, Any, Any]) -> str:
    """This page, for a form to come back to."""
    query = f"?{request.url.query}" if request.url.query else ""
    return f"{request.url.path}{query}"


class CalendarPages(Controller):
    path = "/calendario"

    @get("/", name="console_calendar")
    async def week(
        self,
        request: Request[Any, Any, Any],
        staff: Staff,
        calendar: Calendar,
        clock: Time,
        semana: Day = None,
        medico: Doctor = "",
    ) -> Template:
        clinic = staff.clinic
        today = clinic.today(clock.now())
        monday = monday_of(_checked(semana or today))
        doctor = DoctorId(medico) if clinic.doctor(DoctorId(medico)) is not None else None
        span = await calendar.span(clinic.id, monday, WEEK, doctor)
        days = [shown_day(clinic, day, today) for day in span.days]
        chosen = clinic.doctor(doctor) if doctor is not None else None
        context = page_context(
            staff,
            "calendar",
            request,
            days=days,
            doctors=clinic.doctors,
            doctor=doctor or "",
            whose=chosen.name if chosen is not None else "toda la clínica",
            title=f"Semana del {monday:%d/%m} al {monday + timedelta(days=6):%d/%m/%Y}",
            monday=monday.isoformat(),
            previous=_week_link(request, monday - timedelta(days=WEEK), doctor or ""),
            following=_week_link(request, monday + timedelta(days=WEEK), doctor or ""),
            this_week=_week_link(request, monday_of(today), doctor or "")
            if monday != monday_of(today)
            else "",
            today_day=_day_link(request, today),
            day_links={day.iso: _day_link(request, date.fromisoformat(day.iso)) for day in days},
            back=_back(request),
        )
        return Template("calendar.html", context=context)

    @get("/dia", name="console_calendar_day")
    async def day(
        self,
        request: Request[Any, Any, Any],
        staff: Staff,
        calendar: Calendar,
        clock: Time,
        fecha: Annotated[date | None, QueryParameter(description="the day (default: today)")] = None,
    ) -> Template:
        clinic = staff.clinic
        today = clinic.today(clock.now())
        day = _checked(fecha or today)
        span = await calendar.span(clinic.id, day, 1)
        [shown] = [shown_day(clinic, d, today) for d in span.days]
        columns = [
            {
                "id": doctor.id,
                "name": doctor.name,
                "specialty": doctor.specialty,
                "items": [i for i in shown.items if i.doctor_id == doctor.id],
            }
            for doctor in clinic.doctors
        ]
        context = page_context(
            staff,
            "calendar",
            request,
            day=shown,
            columns=columns,
            previous=_day_link(request, day - timedelta(days=1)),
            following=_day_link(request, day + timedelta(days=1)),
            today_link=_day_link(request, today) if day != today else "",
            week=_week_link(request, monday_of(day), ""),
            back=_back(request),
        )
        return Template("calendar_day.html", context=context)

    @get("/citas/{appointment_id:str}", name="console_calendar_appointment")
    async def appointment(
        self,
        request: Request[Any, Any, Any],
        appointment_id: AppointmentPath,
        staff: Staff,
        calendar: Calendar,
        clock: Time,
        medico: Doctor = "",
        volver: Annotated[str, QueryParameter(description="the page to come back to")] = "",
    ) -> Template:
        """The appointment, and (for those who work the desk) its free times to move it to and
        the way to cancel it."""
        clinic = staff.clinic
        now = clock.now()
        options = await calendar.move_options(
            clinic.id, AppointmentId(appointment_id), DoctorId(medico) if medico else None
        )
        appointment = options.appointment
        back = safe_back(
            {"back": volver}, _week_link(request, monday_of(clinic.local(appointment.starts_at).date()), "")
        )
        context = page_context(
            staff,
            "calendar",
            request,
            a=appointment_row(clinic, appointment, now),
            movable=appointment.is_upcoming(now),
            doctor=options.doctor_id,
            doctors=[d for d in clinic.doctors if d.id in options.doctors],
            groups=options_by_day(clinic, options.free, clinic.today(now)),
            back=back,
        )
        return Template("calendar_appointment.html", context=context)

    @get(
        "/citas/{appointment_id:str}/anular",
        name="console_calendar_cancel",
        opt={PERMISSION: Permission.WORK},
    )
    async def confirm_cancel(
        self,
        request: Request[Any, Any, Any],
        appointment_id: AppointmentPath,
        staff: Staff,
        calendar: Calendar,
        clock: Time,
        volver: Annotated[str, QueryParameter(description="the page to come back to")] = "",
    ) -> Template:
        """Are you sure? A cancellation tells the patient at once, so it is asked first."""
        options = await calendar.move_options(staff.clinic.id, AppointmentId(appointment_id), None, days=0)
        row = appointment_row(staff.clinic, options.appointment, clock.now())
        back = safe_back({"back": volver}, request.url_for("console_calendar"))
        return Template(
            "calendar_cancel.html", context=page_context(staff, "calendar", request, a=row, back=back)
        )

    @post("/citas/{appointment_id:str}/mover", name="console_move", status_code=HTTP_303_SEE_OTHER)
    async def move(
        self,
        request: Request[Any, Any, Any],
        appointment_id: AppointmentPath,
        data: URLEncodedBody[dict[str, str]],
        staff: Staff,
        agenda: Agenda,
        clock: Time,
    ) -> Redirect:
        starts_at, doctor = _chosen(data.get("hora", ""))
        moved = await agenda.move(
            staff.clinic.id, AppointmentId(appointment_id), starts_at, staff.origin, doctor
        )
        local = staff.clinic.local(moved.starts_at)
        row = appointment_row(staff.clinic, moved, clock.now())
        notice = (
            f"Cita de {moved.patient_name} cambiada a {row.when} con {row.doctor}: "
            "sus recordatorios la siguen y se avisa al paciente por WhatsApp."
        )
        return told(request, notice, safe_back(data, _week_link(request, monday_of(local.date()), "")))


def _chosen(value: str) -> tuple[datetime, DoctorId]:
    """A free time as the move form sends it: '2026-12-01T16:00:00-03:00|perez'."""
    starts, _, doctor = value.partition("|")
    try:
        starts_at = datetime.fromisoformat(starts)
    except ValueError:
        raise InvalidRequest("choose a free time") from None
    if not doctor or starts_at.utcoffset() is None:
        raise InvalidRequest("choose a free time")
    return starts_at, DoctorId(doctor)
