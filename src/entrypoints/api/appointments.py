"""``/api/v1/appointments``: the agenda, a booking by phone at the desk, a move, a cancellation, a
visit noted."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import JSONBody, Parameter, PathParameter
from litestar.status_codes import HTTP_404_NOT_FOUND, HTTP_409_CONFLICT

from application.ports import AuditAction
from domain.ids import AppointmentId, ClinicId, DoctorId, ServiceId
from domain.staff import Permission
from entrypoints.api.dependencies import Agenda, Audits, Caller, Switches
from entrypoints.api.errors import ANY, refusals
from entrypoints.api.schemas import AppointmentOut, Move, NewAppointment, Visit, appointment_out
from entrypoints.patient_paths import patient_of
from entrypoints.roles import PERMISSION

AppointmentPath = Annotated[str, PathParameter(description="its id")]


class Appointments(Controller):
    path = "/appointments"

    @get(
        "/", summary="The agenda: appointments starting on the days asked (clinic-local days)", responses=ANY
    )
    async def appointments(
        self,
        clinic_id: NamedDependency[str],
        agenda: Agenda,
        switches: Switches,
        day: Annotated[date | None, Parameter(description="the first day (default: today)")] = None,
        days: Annotated[int, Parameter(ge=1, le=62)] = 7,
    ) -> list[AppointmentOut]:
        found = await agenda.appointments(ClinicId(clinic_id), day, days)
        zone = await switches.timezone(ClinicId(clinic_id))
        return [appointment_out(a, zone) for a in found]

    @post(
        "/",
        status_code=201,
        summary="Book a free slot for a patient (by phone, at the desk)",
        responses=refusals(HTTP_409_CONFLICT),
    )
    async def book(
        self,
        clinic_id: NamedDependency[str],
        agenda: Agenda,
        switches: Switches,
        data: JSONBody[NewAppointment],
        caller: Caller,
        audit: Audits,
    ) -> AppointmentOut:
        appointment = await agenda.book(
            ClinicId(clinic_id),
            DoctorId(data.doctor_id),
            data.starts_at,
            patient_of(data.patient),
            data.patient_name,
            ServiceId(data.service_id) if data.service_id is not None else None,
        )
        await audit.record(caller, AuditAction.APPOINTMENT_BOOKED, appointment.id)
        return appointment_out(appointment, await switches.timezone(ClinicId(clinic_id)))

    @post(
        "/{appointment_id:str}/cancel",
        status_code=200,
        summary="Cancel an appointment that has not started",
        responses=refusals(HTTP_404_NOT_FOUND, HTTP_409_CONFLICT),
    )
    async def cancel(
        self,
        clinic_id: NamedDependency[str],
        agenda: Agenda,
        switches: Switches,
        appointment_id: AppointmentPath,
        caller: Caller,
        audit: Audits,
    ) -> AppointmentOut:
        appointment = await agenda.cancel(ClinicId(clinic_id), AppointmentId(appointment_id), caller)
        return appointment_out(appointment, await switches.timezone(ClinicId(clinic_id)))

    @post(
        "/{appointment_id:str}/move",
        status_code=200,
        summary="Move an appointment that has not started to a free time (its length kept); "
        "the patient is told on WhatsApp",
        responses=refusals(HTTP_404_NOT_FOUND, HTTP_409_CONFLICT),
        opt={PERMISSION: Permission.WORK},
    )
    async def move(
        self,
        clinic_id: NamedDependency[str],
        agenda: Agenda,
        switches: Switches,
        appointment_id: AppointmentPath,
        data: JSONBody[Move],
        caller: Caller,
    ) -> AppointmentOut:
        appointment = await agenda.move(
            ClinicId(clinic_id),
            AppointmentId(appointment_id),
            data.starts_at,
            caller,
            DoctorId(data.doctor_id) if data.doctor_id is not None else None,
        )
        return appointment_out(appointment, await switches.timezone(ClinicId(clinic_id)))

    @post(
        "/{appointment_id:str}/visit",
        status_code=200,
        summary="Note whether the patient came (once the appointment has started)",
        responses=refusals(HTTP_404_NOT_FOUND, HTTP_409_CONFLICT),
    )
    async def visit(
        self,
        clinic_id: NamedDependency[str],
        agenda: Agenda,
        switches: Switches,
        appointment_id: AppointmentPath,
        data: JSONBody[Visit],
        caller: Caller,
        audit: Audits,
    ) -> AppointmentOut:
        appointment = await agenda.record_visit(
            ClinicId(clinic_id), AppointmentId(appointment_id), data.outcome
        )
        await audit.record(caller, AuditAction.VISIT_RECORDED, appointment.id, str(data.outcome))
        return appointment_out(appointment, await switches.timezone(ClinicId(clinic_id)))
