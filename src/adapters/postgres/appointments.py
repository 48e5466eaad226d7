"""Appointments and their reminder jobs in PostgreSQL, inside a unit of work's transaction."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime

import asyncpg

from adapters.postgres.database import Connection
from domain.appointment import Appointment, AppointmentStatus, BookingSource, VisitOutcome
from domain.availability import Interval
from domain.errors import SlotTaken
from domain.ids import AddressKind, AppointmentId, ClinicId, DoctorId, PatientAddress, ServiceId
from domain.reminder import Reminder

# An appointment's columns, read from ``appointments a``; ``appointment_from_row`` turns them back.
APPOINTMENT_COLUMNS = (
    "a.id, a.clinic_id, a.doctor_id, a.address_kind, a.address, a.patient_name, a.starts_at, a.ends_at, "
    "a.status, a.source, a.cancelled_at, a.service, a.attendance_confirmed_at, a.visit, a.visit_recorded_at, "
    "a.service_id"
)


def appointment_from_row(row: asyncpg.Record) -> Appointment:
    """An appointment from a row holding ``APPOINTMENT_COLUMNS`` (the reminder queue reads them too)."""
    return Appointment(
        id=AppointmentId(str(row["id"])),
        clinic_id=ClinicId(row["clinic_id"]),
        doctor_id=DoctorId(row["doctor_id"]),
        patient=PatientAddress(row["address"], AddressKind(row["address_kind"])),
        patient_name=row["patient_name"],
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        status=AppointmentStatus(row["status"]),
        source=BookingSource(row["source"]),
        cancelled_at=row["cancelled_at"],
        service=row["service"],
        attendance_confirmed_at=row["attendance_confirmed_at"],
        visit=VisitOutcome(row["visit"]) if row["visit"] else None,
        visit_recorded_at=row["visit_recorded_at"],
        service_id=ServiceId(row["service_id"]) if row["service_id"] is not None else None,
    )


@asynccontextmanager
async def _slot_guard(connection: Connection, appointment: Appointment) -> AsyncIterator[None]:
    """A savepoint around writing an appointment's time: a clash undoes only this write, as SlotTaken.

    Two transactions writing the same time at once each wait for the other to finish before
    the exclusion constraint can tell which one clashes, and PostgreSQL breaks that deadlock by
    failing one of them: that one lost the slot to the other, exactly as a clash would say.
    """
    try:
        async with connection.transaction():
            yield
    except (asyncpg.ExclusionViolationError, asyncpg.DeadlockDetectedError):
        raise SlotTaken(f"doctor {appointment.doctor_id} is busy then") from None


async def _cancel_reminders(connection: Connection, appointment_id: AppointmentId) -> None:
    # Cancelled, not deleted: what was planned for an appointment stays visible.
    await connection.execute(
        "UPDATE reminder_jobs SET status = 'cancelled' WHERE appointment_id = $1 AND status = 'pending'",
        appointment_id,
    )


class PostgresAppointments:
    """Implements ``AppointmentRepository`` on the unit of work's connection."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    async def add(self, appointment: Appointment) -> None:
        patient = appointment.patient
        # A savepoint: a refused slot leaves the unit of work usable (the session still saves).
        async with _slot_guard(self._connection, appointment):
            await self._connection.execute(
                """
                INSERT INTO patients (clinic_id, address_kind, address, name) VALUES ($1, $2, $3, $4)
                ON CONFLICT (clinic_id, address_kind, address) DO UPDATE SET name = EXCLUDED.name
                """,
                appointment.clinic_id,
                patient.kind.value,
                patient.value,
                appointment.patient_name,
            )
            await self._connection.execute(
                """
                INSERT INTO appointments (id, clinic_id, doctor_id, address_kind, address, patient_name,
                                          starts_at, ends_at, status, source, cancelled_at, service,
                                          attendance_confirmed_at, visit, visit_recorded_at, service_id)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
                """,
                appointment.id,
                appointment.clinic_id,
                appointment.doctor_id,
                patient.kind.value,
                patient.value,
                appointment.patient_name,
                appointment.starts_at,
                appointment.ends_at,
                appointment.status.value,
                appointment.source.value,
                appointment.cancelled_at,
                appointment.service,
                appointment.attendance_confirmed_at,
                appointment.visit.value if appointment.visit else None,
                appointment.visit_recorded_at,
                appointment.service_id,
            )

    async def get(self, appointment_id: AppointmentId) -> Appointment | None:
        try:
            key = uuid.UUID(appointment_id)
        except ValueError:
            return None
        row = await self._connection.fetchrow(
            f"SELECT {APPOINTMENT_COLUMNS} FROM appointments a WHERE a.id = $1",  # noqa: S608 - constant
            key,
        )
        return appointment_from_row(row) if row is not None else None

    async def update(self, appointment: Appointment) -> None:
        # A savepoint, as in ``add``: a move onto held time leaves the unit of work usable.
        async with _slot_guard(self._connection, appointment):
            await self._connection.execute(
                """
                UPDATE appointments
                   SET status = $2, cancelled_at = $3, doctor_id = $4, starts_at = $5, ends_at = $6,
                       service = $7, attendance_confirmed_at = $8, visit = $9, visit_recorded_at = $10,
                       service_id = $11, patient_name = $12
                WHERE id = $1
                """,
                appointment.id,
                appointment.status.value,
                appointment.cancelled_at,
                appointment.doctor_id,
                appointment.starts_at,
                appointment.ends_at,
                appointment.service,
                appointment.attendance_confirmed_at,
                appointment.visit.value if appointment.visit else None,
                appointment.visit_recorded_at,
                appointment.service_id,
                appointment.patient_name,  # a name corrected (rectification, issue 24)
            )

    async def between(self, clinic_id: ClinicId, start: datetime, end: datetime) -> list[Appointment]:
        rows = await self._connection.fetch(
            f"""
            SELECT {APPOINTMENT_COLUMNS} FROM appointments a
            WHERE a.clinic_id = $1 AND a.starts_at >= $2 AND a.starts_at < $3
            ORDER BY a.starts_at, a.doctor_id
            """,  # noqa: S608 - a constant column list, no data in it
            clinic_id,
            start,
            end,
        )
        return [appointment_from_row(row) for row in rows]

    async def upcoming(
        self, clinic_id: ClinicId, patient: PatientAddress, now: datetime
    ) -> list[Appointment]:
        # The leading columns of appointments_by_patient, then a range on its last one.
        rows = await self._connection.fetch(
            f"""
            SELECT {APPOINTMENT_COLUMNS} FROM appointments a
            WHERE a.clinic_id = $1 AND a.address_kind = $2 AND a.address = $3 AND a.starts_at > $4
              AND a.status = 'booked'
            ORDER BY a.starts_at
            """,  # noqa: S608 - a constant column list, no data in it
            clinic_id,
            patient.kind.value,
            patient.value,
            now,
        )
        return [appointment_from_row(row) for row in rows]

    async def busy(
        self, clinic_id: ClinicId, doctor_ids: Sequence[DoctorId], first_day: datetime, last_day: datetime
    ) -> dict[DoctorId, list[Interval]]:
        # Same columns and predicate as the exclusion constraint, so its GiST index serves this.
        rows = await self._connection.fetch(
            """
            SELECT doctor_id, starts_at, ends_at FROM appointments
            WHERE clinic_id = $1 AND doctor_id = ANY($2::text[])
              AND during && tstzrange($3, $4, '[)') AND status <> 'cancelled'
            ORDER BY starts_at
            """,
            clinic_id,
            list(doctor_ids),
            first_day,
            last_day,
        )
        busy: dict[DoctorId, list[Interval]] = {doctor_id: [] for doctor_id in doctor_ids}
        for row in rows:
            busy[DoctorId(row["doctor_id"])].append(Interval(row["starts_at"], row["ends_at"]))
        return busy


class PostgresReminderQueue:
    """Implements ``ReminderQueue`` on the unit of work's connection."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    async def schedule(self, reminders: Sequence[Reminder]) -> None:
        # A new job may be claimed from its due time; a retry moves available_at later.
        await self._connection.executemany(
            "INSERT INTO reminder_jobs (appointment_id, due_at, before_start, available_at) "
            "VALUES ($1, $2, $3, $2)",
            [(r.appointment_id, r.due_at, r.before) for r in reminders],
        )

    async def cancel(self, appointment_id: AppointmentId) -> None:
        await _cancel_reminders(self._connection, appointment_id)
