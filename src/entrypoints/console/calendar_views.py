"""What the calendar's templates show: each day's appointments, free times and held times as
items in time order, in the clinic's time and in Spanish, each saying in words what it is."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from application.clinic_calendar import CalendarDay, HeldTime
from domain.appointment import Appointment
from domain.availability import Slot
from domain.clinic import Clinic
from domain.ids import DoctorId
from entrypoints.console.views import day_title

WEEK = 7


@dataclass(frozen=True, slots=True)
class CalendarItem:
    kind: str  # "cita", "libre", "retenida": the CSS class, never the only sign of it
    starts: str  # "09:00", clinic-local
    ends: str
    what: str  # "Limpieza dental", "Libre", "Retenida"
    who: str  # the patient's name for an appointment; what a free or held time means otherwise
    doctor: str
    doctor_id: str
    appointment_id: str = ""
    situation: str = ""  # an appointment's: "Confirmó que asistirá", "Reservada por la clínica"
    sort_key: tuple[datetime, int] = (datetime.min.replace(tzinfo=UTC), 0)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _doctor_name(clinic: Clinic, doctor_id: DoctorId) -> str:
    doctor = clinic.doctor(doctor_id)
    return doctor.name if doctor is not None else doctor_id


def _order(clinic: Clinic, doctor_id: DoctorId) -> int:
    ids = [d.id for d in clinic.doctors]
    return ids.index(doctor_id) if doctor_id in ids else len(ids)


def _appointment(clinic: Clinic, appointment: Appointment) -> CalendarItem:
    service = clinic.service(appointment.service_id)
    starts, ends = clinic.local(appointment.starts_at), clinic.local(appointment.ends_at)
    if appointment.attendance_confirmed_at is not None:
        situation = "Confirmó que asistirá"
    elif appointment.visit is not None:
        situation = "Asistió" if appointment.visit.value == "attended" else "No asistió"
    else:
        situation = "Reservada" + (
            " por la clínica" if appointment.source.value == "staff" else " por WhatsApp"
        )
    return CalendarItem(
        kind="cita",
        starts=f"{starts:%H:%M}",
        ends=f"{ends:%H:%M}",
        what=service.name if service is not None else "Consulta",
        who=appointment.patient_name,
        doctor=_doctor_name(clinic, appointment.doctor_id),
        doctor_id=appointment.doctor_id,
        appointment_id=appointment.id,
        situation=situation,
        sort_key=(appointment.starts_at, _order(clinic, appointment.doctor_id)),
    )


def _free_runs(clinic: Clinic, slots: Iterable[Slot]) -> list[CalendarItem]:
    """Back-to-back free slots of one doctor as one free time: 'Libre 09:00-12:30'."""
    runs: dict[DoctorId, list[list[Slot]]] = {}
    for slot in sorted(slots):
        mine = runs.setdefault(slot.doctor_id, [])
        if mine and mine[-1][-1].ends_at >= slot.starts_at:
            mine[-1].append(slot)
        else:
            mine.append([slot])
    items = []
    for doctor_id, doctor_runs in runs.items():
        for run in doctor_runs:
            starts, ends = clinic.local(run[0].starts_at), clinic.local(max(s.ends_at for s in run))
            count = len(run)
            items.append(
                CalendarItem(
                    kind="libre",
                    starts=f"{starts:%H:%M}",
                    ends=f"{ends:%H:%M}",
                    what="Libre",
                    who=f"{count} cita{'s' if count != 1 else ''} posible{'s' if count != 1 else ''}",
                    doctor=_doctor_name(clinic, doctor_id),
                    doctor_id=doctor_id,
                    sort_key=(run[0].starts_at, _order(clinic, doctor_id)),
                )
            )
    return items


def _held(clinic: Clinic, held: HeldTime) -> CalendarItem:
    starts, ends = clinic.local(held.interval.start), clinic.local(held.interval.end)
    return CalendarItem(
        kind="retenida",
        starts=f"{starts:%H:%M}",
        ends=f"{ends:%H:%M}",
        what="Retenida",
        who="un paciente la está confirmando por WhatsApp",
        doctor=_doctor_name(clinic, held.doctor_id),
        doctor_id=held.doctor_id,
        sort_key=(held.interval.start, _order(clinic, held.doctor_id)),
    )


def day_items(clinic: Clinic, day: CalendarDay) -> list[CalendarItem]:
    """The day's appointments, held and free times, by start and then by the clinic's doctors."""
    items = [_appointment(clinic, a) for a in day.appointments]
    items += [_held(clinic, h) for h in day.held]
    items += _free_runs(clinic, day.free)
    return sorted(items, key=lambda i: i.sort_key)


@dataclass(frozen=True, slots=True)
class ShownDay:
    iso: str
    title: str
    today: bool
    items: list[CalendarItem]
    count: int  # appointments


def shown_day(clinic: Clinic, day: CalendarDay, today: date) -> ShownDay:
    items = day_items(clinic, day)
    return ShownDay(
        day.day.isoformat(), day_title(day.day, today), day.day == today, items, len(day.appointments)
    )


def slot_value(slot: Slot) -> str:
    """A free time as a form sends it back: its start with the offset, and its doctor."""
    return f"{slot.starts_at.isoformat()}|{slot.doctor_id}"


def options_by_day(
    clinic: Clinic, slots: Iterable[Slot], today: date
) -> list[tuple[str, list[tuple[str, str]]]]:
    """Free times grouped by day for a select's optgroups: (day title, [(value, '16:00 - 16:30')])."""
    groups: dict[date, list[tuple[str, str]]] = {}
    for slot in slots:
        starts, ends = clinic.local(slot.starts_at), clinic.local(slot.ends_at)
        groups.setdefault(starts.date(), []).append((slot_value(slot), f"{starts:%H:%M} - {ends:%H:%M}"))
    return [(day_title(day, today), options) for day, options in sorted(groups.items())]
