"""Sessions, appointments and reminder jobs in PostgreSQL, committed together in one transaction.

Two guards live in the database itself, so they hold across processes and replicas:
an exclusion constraint makes overlapping live appointments of one doctor
impossible (``SlotTaken``), and the session's ``version`` column turns a lost
update into ``ConcurrencyConflict`` instead of a silent overwrite.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from types import TracebackType
from typing import Self

import asyncpg
from asyncpg.pool import PoolConnectionProxy
from asyncpg.transaction import Transaction

from adapters.postgres.codec import decode_collected, decode_history, encode_collected, encode_history
from adapters.postgres.database import Connection, Database
from application.ports import ConcurrencyConflict
from domain.appointment import Appointment, AppointmentStatus, BookingSource
from domain.availability import Interval
from domain.conversation import ChatSession, ConversationState
from domain.errors import SlotTaken
from domain.ids import AddressKind, AppointmentId, ClinicId, DoctorId, PatientAddress
from domain.reminder import Reminder

_ENSURE_PATIENT = """
INSERT INTO patients (clinic_id, address_kind, address) VALUES ($1, $2, $3)
ON CONFLICT (clinic_id, address_kind, address) DO NOTHING
"""


class _Sessions:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    async def get(self, clinic_id: ClinicId, patient: PatientAddress) -> ChatSession | None:
        row = await self._connection.fetchrow(
            """
            SELECT current_state, collected_fields::text AS collected, history::text AS history,
                   bot_enabled, last_activity, last_appointment_id, model_calls, version
            FROM chat_sessions WHERE clinic_id = $1 AND address_kind = $2 AND address = $3
            """,
            clinic_id,
            patient.kind.value,
            patient.value,
        )
        if row is None:
            return None
        appointment_id = row["last_appointment_id"]
        return ChatSession(
            clinic_id=clinic_id,
            patient=patient,
            state=ConversationState(row["current_state"]),
            collected=decode_collected(row["collected"]),
            history=decode_history(row["history"]),
            bot_enabled=row["bot_enabled"],
            last_activity=row["last_activity"],
            last_appointment_id=AppointmentId(str(appointment_id)) if appointment_id else None,
            model_calls=row["model_calls"],
            version=row["version"],
        )

    async def save(self, session: ChatSession) -> None:
        values = (
            session.clinic_id,
            session.patient.kind.value,
            session.patient.value,
            session.state.value,
            encode_collected(session.collected),
            encode_history(session.history),
            session.bot_enabled,
            session.last_activity,
            session.last_appointment_id,
            session.model_calls,
        )
        if session.version == 0:
            await self._connection.execute(_ENSURE_PATIENT, *values[:3])
            status = await self._connection.execute(
                """
                INSERT INTO chat_sessions (clinic_id, address_kind, address, current_state, collected_fields,
                                           history, bot_enabled, last_activity, last_appointment_id,
                                           model_calls, version)
                VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8, $9, $10, 1)
                ON CONFLICT (clinic_id, address_kind, address) DO NOTHING
                """,
                *values,
            )
        else:
            status = await self._connection.execute(
                """
                UPDATE chat_sessions
                   SET current_state = $4, collected_fields = $5::jsonb, history = $6::jsonb,
                       bot_enabled = $7, last_activity = $8, last_appointment_id = $9, model_calls = $10,
                       version = version + 1, updated_at = now()
                WHERE clinic_id = $1 AND address_kind = $2 AND address = $3 AND version = $11
                """,
                *values,
                session.version,
            )
        if not status.endswith(" 1"):
            raise ConcurrencyConflict(f"session {session.patient.masked()} changed since it was read")
        # The object now matches its row as this transaction sees it; a rollback leaves it ahead,
        # so a later save from it conflicts rather than overwrites.
        session.version += 1


class _Appointments:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    async def add(self, appointment: Appointment) -> None:
        patient = appointment.patient
        try:
            # A savepoint: a refused slot leaves the unit of work usable (the session still saves).
            async with self._connection.transaction():
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
                                              starts_at, ends_at, status, source, cancelled_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
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
                )
        except asyncpg.ExclusionViolationError:
            raise SlotTaken(f"doctor {appointment.doctor_id} is busy then") from None

    async def get(self, appointment_id: AppointmentId) -> Appointment | None:
        try:
            key = uuid.UUID(appointment_id)
        except ValueError:
            return None
        row = await self._connection.fetchrow(
            """
            SELECT id, clinic_id, doctor_id, address_kind, address, patient_name, starts_at, ends_at,
                   status, source, cancelled_at
            FROM appointments WHERE id = $1
            """,
            key,
        )
        if row is None:
            return None
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
        )

    async def update(self, appointment: Appointment) -> None:
        await self._connection.execute(
            "UPDATE appointments SET status = $2, cancelled_at = $3 WHERE id = $1",
            appointment.id,
            appointment.status.value,
            appointment.cancelled_at,
        )
        if not appointment.holds_time:
            await self._connection.execute(
                "UPDATE reminder_jobs SET status = 'cancelled' "
                "WHERE appointment_id = $1 AND status = 'pending'",
                appointment.id,
            )

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


class _Reminders:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    async def schedule(self, reminders: Sequence[Reminder]) -> None:
        await self._connection.executemany(
            "INSERT INTO reminder_jobs (appointment_id, due_at, before_start) VALUES ($1, $2, $3)",
            [(r.appointment_id, r.due_at, r.before) for r in reminders],
        )


class PostgresUnitOfWork:
    """Implements ``UnitOfWork``: one pooled connection, one transaction, rolled back unless committed."""

    def __init__(self, database: Database) -> None:
        self._database = database
        self._connection: PoolConnectionProxy | None = None
        self._transaction: Transaction | None = None

    async def __aenter__(self) -> Self:
        connection = await self._database.pool.acquire()
        self._connection = connection
        try:
            await self._begin()
        except BaseException:
            await self._release()
            raise
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if self._transaction is not None and not self._connection_closed():
                await self._transaction.rollback()
        finally:
            await self._release()

    async def commit(self) -> None:
        if self._transaction is None:
            raise RuntimeError("commit outside the unit of work's context")
        await self._transaction.commit()
        self._transaction = None
        await self._begin()  # further work, if any, is a new transaction

    async def _begin(self) -> None:
        connection = self._open()
        self._transaction = connection.transaction()
        await self._transaction.start()
        self.sessions = _Sessions(connection)
        self.appointments = _Appointments(connection)
        self.reminders = _Reminders(connection)

    def _open(self) -> Connection:
        if self._connection is None:
            raise RuntimeError("the unit of work is not open")
        return self._connection

    def _connection_closed(self) -> bool:
        return self._connection is None or self._connection.is_closed()

    async def _release(self) -> None:
        connection, self._connection, self._transaction = self._connection, None, None
        if connection is not None:
            await self._database.pool.release(connection)


class PostgresUnitOfWorkFactory:
    """Implements ``UnitOfWorkFactory``."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def __call__(self) -> PostgresUnitOfWork:
        return PostgresUnitOfWork(self._database)
