"""Sessions, appointments, reminders, patients and handled messages in PostgreSQL, in one transaction.

Two guards live in the database itself, so they hold across processes and replicas:
an exclusion constraint makes overlapping live appointments of one doctor
impossible (``SlotTaken``), and the session's ``version`` column turns a lost
update into ``ConcurrencyConflict`` instead of a silent overwrite.
"""

from __future__ import annotations

from datetime import datetime
from types import TracebackType
from typing import Self

from asyncpg import Record
from asyncpg.pool import PoolConnectionProxy
from asyncpg.transaction import Transaction

from adapters.postgres.alerts import PostgresStagedAlerts
from adapters.postgres.appointments import PostgresAppointments, PostgresReminderQueue
from adapters.postgres.codec import (
    decode_collected,
    decode_history,
    decode_people,
    decode_throttles,
    encode_collected,
    encode_history,
    encode_people,
    encode_throttles,
)
from adapters.postgres.consents import PostgresPatientConsents
from adapters.postgres.database import Connection, Database
from adapters.postgres.holds import PostgresSlotHolds
from adapters.postgres.inbox import PostgresHandledMessages
from adapters.postgres.outbox import PostgresStagedReplies
from adapters.postgres.patient_data import PostgresPatientData
from adapters.postgres.patients import PostgresPatients
from adapters.postgres.privacy_requests import PostgresPrivacyRegister
from adapters.postgres.waitlist import PostgresWaitlist
from application.ports import ConcurrencyConflict
from application.pseudonyms import Pseudonyms
from domain.conversation import ChatSession, ConversationState
from domain.handoff import NeedReason, NeedsPerson
from domain.ids import AddressKind, AppointmentId, ClinicId, PatientAddress
from domain.language import Language

_SESSION = """
SELECT address_kind, address, current_state, collected_fields::text AS collected, history::text AS history,
       bot_enabled, last_activity, last_appointment_id, model_calls, version, throttles::text AS throttles,
       people::text AS people, notice_shown, needs_person_reason, needs_person_since, paused_at, language
FROM chat_sessions
"""

_ENSURE_PATIENT = """
INSERT INTO patients (clinic_id, address_kind, address) VALUES ($1, $2, $3)
ON CONFLICT (clinic_id, address_kind, address) DO NOTHING
"""


class _Sessions:
    def __init__(self, connection: Connection, message_keys: Pseudonyms | None) -> None:
        self._connection = connection
        self._message_key = message_keys.message_key if message_keys is not None else None

    async def get(self, clinic_id: ClinicId, patient: PatientAddress) -> ChatSession | None:
        row = await self._connection.fetchrow(
            _SESSION + "WHERE clinic_id = $1 AND address_kind = $2 AND address = $3",
            clinic_id,
            patient.kind.value,
            patient.value,
        )
        return _session(clinic_id, row) if row is not None else None

    async def recent(self, clinic_id: ClinicId, limit: int) -> list[ChatSession]:
        rows = await self._connection.fetch(
            _SESSION
            + "WHERE clinic_id = $1 ORDER BY (history->-1->>'at')::timestamptz DESC NULLS LAST LIMIT $2",
            clinic_id,
            limit,
        )
        return [_session(clinic_id, row) for row in rows]

    async def needing_person(self, clinic_id: ClinicId, limit: int) -> list[ChatSession]:
        rows = await self._connection.fetch(
            _SESSION
            + "WHERE clinic_id = $1 AND needs_person_reason IS NOT NULL ORDER BY needs_person_since LIMIT $2",
            clinic_id,
            limit,
        )
        return [_session(clinic_id, row) for row in rows]

    async def count_needing_person(self, clinic_id: ClinicId) -> int:
        count: int = await self._connection.fetchval(
            "SELECT count(*) FROM chat_sessions WHERE clinic_id = $1 AND needs_person_reason IS NOT NULL",
            clinic_id,
        )
        return count

    async def quiet_since(self, clinic_id: ClinicId, before: datetime, limit: int) -> list[PatientAddress]:
        rows = await self._connection.fetch(
            """
            SELECT address_kind, address FROM chat_sessions
            WHERE clinic_id = $1 AND NOT bot_enabled AND paused_at <= $2
              AND (last_activity IS NULL OR last_activity <= $2)
            ORDER BY paused_at LIMIT $3
            """,
            clinic_id,
            before,
            limit,
        )
        return [PatientAddress(row["address"], AddressKind(row["address_kind"])) for row in rows]

    async def save(self, session: ChatSession) -> None:
        if session.erased:  # erased with the patient's data (``PatientData.erase``): nothing to keep
            await self._connection.execute(
                "DELETE FROM chat_sessions WHERE clinic_id = $1 AND address_kind = $2 AND address = $3",
                session.clinic_id,
                session.patient.kind.value,
                session.patient.value,
            )
            return
        values = (
            session.clinic_id,
            session.patient.kind.value,
            session.patient.value,
            session.state.value,
            encode_collected(session.collected),
            encode_history(session.history, self._message_key),
            session.bot_enabled,
            session.last_activity,
            session.last_appointment_id,
            session.model_calls,
            encode_throttles(session.recent_model_calls, session.recent_replies, session.model_tokens),
            encode_people(session.people),
            session.notice_shown,
            session.needs_person.reason.value if session.needs_person is not None else None,
            session.needs_person.since if session.needs_person is not None else None,
            session.paused_at,
            session.language.value if session.language is not None else None,
        )
        if session.version == 0:
            await self._connection.execute(_ENSURE_PATIENT, *values[:3])
            status = await self._connection.execute(
                """
                INSERT INTO chat_sessions (clinic_id, address_kind, address, current_state, collected_fields,
                                           history, bot_enabled, last_activity, last_appointment_id,
                                           model_calls, throttles, people, notice_shown, needs_person_reason,
                                           needs_person_since, paused_at, language, version)
                VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8, $9, $10, $11::jsonb, $12::jsonb, $13,
                        $14, $15, $16, $17, 1)
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
                       throttles = $11::jsonb, people = $12::jsonb, notice_shown = $13,
                       needs_person_reason = $14, needs_person_since = $15, paused_at = $16,
                       language = $17, version = version + 1, updated_at = now()
                WHERE clinic_id = $1 AND address_kind = $2 AND address = $3 AND version = $18
                """,
                *values,
                session.version,
            )
        if not status.endswith(" 1"):
            raise ConcurrencyConflict(f"session {session.patient.masked()} changed since it was read")
        # The object now matches its row as this transaction sees it; a rollback leaves it ahead,
        # so a later save from it conflicts rather than overwrites.
        session.version += 1


def _session(clinic_id: ClinicId, row: Record) -> ChatSession:
    appointment_id = row["last_appointment_id"]
    model_calls, replies, model_tokens = decode_throttles(row["throttles"])
    return ChatSession(
        clinic_id=clinic_id,
        patient=PatientAddress(row["address"], AddressKind(row["address_kind"])),
        state=ConversationState(row["current_state"]),
        collected=decode_collected(row["collected"]),
        history=decode_history(row["history"]),
        bot_enabled=row["bot_enabled"],
        last_activity=row["last_activity"],
        last_appointment_id=AppointmentId(str(appointment_id)) if appointment_id else None,
        model_calls=row["model_calls"],
        recent_model_calls=model_calls,
        recent_replies=replies,
        model_tokens=model_tokens,
        people=decode_people(row["people"]),
        notice_shown=row["notice_shown"],
        needs_person=(
            NeedsPerson(NeedReason(row["needs_person_reason"]), row["needs_person_since"])
            if row["needs_person_reason"] is not None
            else None
        ),
        paused_at=row["paused_at"],
        language=Language(row["language"]) if row["language"] is not None else None,
        version=row["version"],
    )


class PostgresUnitOfWork:
    """Implements ``UnitOfWork``: one pooled connection, one transaction, rolled back unless committed."""

    def __init__(self, database: Database, message_keys: Pseudonyms | None = None) -> None:
        self._database = database
        self._message_keys = message_keys
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
        self.sessions = _Sessions(connection, self._message_keys)
        self.appointments = PostgresAppointments(connection)
        self.reminders = PostgresReminderQueue(connection)
        self.holds = PostgresSlotHolds(connection)
        self.patients = PostgresPatients(connection)
        self.inbox = PostgresHandledMessages(connection)
        self.outbox = PostgresStagedReplies(connection)
        self.patient_data = PostgresPatientData(connection)
        self.privacy_requests = PostgresPrivacyRegister(connection)
        self.consents = PostgresPatientConsents(connection)
        self.waitlist = PostgresWaitlist(connection)
        self.alerts = PostgresStagedAlerts(connection)

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
    """Implements ``UnitOfWorkFactory``.

    With ``message_keys``, a conversation's history keeps the ids of the messages its files came
    with as their keyed hashes (issue 24); without, as given (tests of other things).
    """

    def __init__(self, database: Database, message_keys: Pseudonyms | None = None) -> None:
        self._database = database
        self._message_keys = message_keys

    def __call__(self) -> PostgresUnitOfWork:
        return PostgresUnitOfWork(self._database, self._message_keys)
