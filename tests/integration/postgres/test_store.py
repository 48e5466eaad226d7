"""The PostgreSQL unit of work: round trips, one transaction for everything, guards in the database."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from adapters.postgres.clinics import PostgresClinicDirectory
from adapters.postgres.database import Database
from adapters.postgres.store import PostgresUnitOfWorkFactory
from application.ports import ConcurrencyConflict
from domain.appointment import Appointment, AppointmentStatus, VisitOutcome
from domain.availability import Interval, Slot
from domain.clinic import Clinic
from domain.conversation import Attachment, ChatSession, CollectedFields, ConversationState, Speaker
from domain.errors import SlotTaken
from domain.ids import AddressKind, AppointmentId, DoctorId, PatientAddress
from domain.patient import Patient
from domain.reminder import reminders_for
from domain.throttle import PatientLimits
from domain.when import ClockTime, DayPart, Meridiem
from tests.factories import clinic, doctor

pytestmark = pytest.mark.integration

SANTIAGO = ZoneInfo("America/Santiago")
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=SANTIAGO)
ANA = PatientAddress("56911112222")
BETO = PatientAddress("56933334444")
PEREZ = DoctorId("perez")
SOTO = DoctorId("soto")
# Tuesday 1 December 2026, 10:00 in Santiago (13:00 UTC).
TEN = datetime(2026, 12, 1, 10, 0, tzinfo=SANTIAGO)


class Boom(Exception):
    pass


@pytest.fixture
async def sonrisa(database: Database) -> Clinic:
    demo = clinic(doctor("perez"), doctor("soto", slot_minutes=45))
    await PostgresClinicDirectory(database).put(demo)
    return demo


def _appointment(
    sonrisa: Clinic, starts_at: datetime, *, who: PatientAddress = ANA, doctor_id: DoctorId = PEREZ
) -> Appointment:
    length = timedelta(minutes=45 if doctor_id == SOTO else 30)
    return Appointment.book(
        AppointmentId(str(uuid.uuid4())),
        sonrisa,
        Slot(starts_at, starts_at + length, doctor_id),
        patient=who,
        patient_name="Ana López",
        now=NOW,
    )


async def test_a_session_round_trips_with_every_collected_field(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory
) -> None:
    session = ChatSession(sonrisa.id, ANA)
    session.record(Speaker.PATIENT, "Quiero agendar mañana a las 4 y media de la tarde", NOW)
    session.collected = CollectedFields(
        day=date(2026, 12, 1),
        part=DayPart.AFTERNOON,
        time=ClockTime(4, 30, Meridiem.PM),
        doctor_id=PEREZ,
        patient_name="Ana López",
        slot=Slot(TEN, TEN + timedelta(minutes=30), PEREZ),
    )
    session.state = ConversationState.CONFIRMING
    limits = PatientLimits()
    session.called_model(NOW, limits.model_calls)
    session.called_model(NOW + timedelta(seconds=1), limits.model_calls)
    session.replied(NOW + timedelta(seconds=1), limits.replies, 2)
    session.record(Speaker.BOT, "¿La confirmo?", NOW + timedelta(seconds=1))
    voice_note = Attachment("audio", "wamid.voice", "audio/ogg; codecs=opus")
    session.record(Speaker.PATIENT, "sí, confirmo", NOW + timedelta(seconds=2), voice_note)
    async with units() as uow:
        await uow.sessions.save(session)
        await uow.commit()

    async with units() as uow:
        stored = await uow.sessions.get(sonrisa.id, ANA)
    assert stored is not None
    assert stored.state is ConversationState.CONFIRMING
    assert stored.collected == session.collected
    assert list(stored.history) == list(session.history)
    assert stored.last_activity == NOW + timedelta(seconds=2)
    assert stored.model_calls == 2
    assert stored.recent_model_calls == session.recent_model_calls
    assert stored.recent_replies.room(NOW + timedelta(seconds=2), limits.replies) == 10
    assert stored.version == 1
    # Timestamps come back aware and are the same instants (stored in UTC).
    assert stored.last_activity is not None
    assert stored.last_activity.utcoffset() is not None
    assert all(turn.at.utcoffset() is not None for turn in stored.history)


async def test_a_patient_without_a_phone_number_is_kept_apart(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory
) -> None:
    by_id = PatientAddress("56911112222", AddressKind.USER_ID)
    async with units() as uow:
        await uow.sessions.save(ChatSession(sonrisa.id, ANA))
        await uow.sessions.save(ChatSession(sonrisa.id, by_id, state=ConversationState.COLLECTING_DATE))
        await uow.commit()
    async with units() as uow:
        phone, user = await uow.sessions.get(sonrisa.id, ANA), await uow.sessions.get(sonrisa.id, by_id)
    assert phone is not None
    assert phone.state is ConversationState.IDLE
    assert user is not None
    assert user.state is ConversationState.COLLECTING_DATE


async def test_a_lost_update_raises_instead_of_overwriting(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory
) -> None:
    async with units() as uow:
        await uow.sessions.save(ChatSession(sonrisa.id, ANA))
        await uow.commit()

    async with units() as first, units() as second:
        mine, theirs = await first.sessions.get(sonrisa.id, ANA), await second.sessions.get(sonrisa.id, ANA)
        assert mine is not None
        assert theirs is not None
        mine.give_name("Ana López")
        await first.sessions.save(mine)
        await first.commit()
        theirs.start_booking()
        with pytest.raises(ConcurrencyConflict):
            await second.sessions.save(theirs)

    async with units() as uow:
        stored = await uow.sessions.get(sonrisa.id, ANA)
    assert stored is not None
    assert stored.collected.patient_name == "Ana López"
    assert stored.state is ConversationState.IDLE
    assert stored.version == 2


async def test_two_first_messages_creating_one_session_conflict(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory
) -> None:
    async with units() as first, units() as second:
        await first.sessions.save(ChatSession(sonrisa.id, ANA))
        await first.commit()
        with pytest.raises(ConcurrencyConflict):
            await second.sessions.save(ChatSession(sonrisa.id, ANA, state=ConversationState.COLLECTING_DATE))


async def test_appointment_reminders_and_session_commit_together(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory, database: Database
) -> None:
    appointment = _appointment(sonrisa, TEN)
    async with units() as uow:
        await uow.appointments.add(appointment)
        await uow.reminders.schedule(reminders_for(appointment, NOW))
        await uow.sessions.save(ChatSession(sonrisa.id, ANA, state=ConversationState.CONFIRMED))
        await uow.commit()

    async with units() as uow:
        assert await uow.appointments.get(appointment.id) == appointment
    async with database.pool.acquire() as connection:
        jobs = await connection.fetch(
            "SELECT due_at, before_start, status FROM reminder_jobs "
            "WHERE appointment_id = $1 ORDER BY due_at",
            uuid.UUID(appointment.id),
        )
    assert [(j["due_at"], j["before_start"], j["status"]) for j in jobs] == [
        (TEN - timedelta(hours=24), timedelta(hours=24), "pending"),
        (TEN - timedelta(hours=1), timedelta(hours=1), "pending"),
    ]


async def test_a_failed_booking_rolls_back_its_reminders_and_session(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory, database: Database
) -> None:
    appointment = _appointment(sonrisa, TEN)

    async def book_then_fail() -> None:
        async with units() as uow:
            await uow.appointments.add(appointment)
            await uow.reminders.schedule(reminders_for(appointment, NOW))
            await uow.sessions.save(ChatSession(sonrisa.id, ANA, state=ConversationState.CONFIRMED))
            raise Boom  # e.g. sending failed, or the process is stopping: no commit

    with pytest.raises(Boom):
        await book_then_fail()
    async with database.pool.acquire() as connection:
        counts = await connection.fetchrow(
            "SELECT (SELECT count(*) FROM appointments) AS a, (SELECT count(*) FROM reminder_jobs) AS r, "
            "(SELECT count(*) FROM chat_sessions) AS s"
        )
    assert counts is not None
    assert (counts["a"], counts["r"], counts["s"]) == (0, 0, 0)


async def test_an_overlapping_booking_is_refused_by_the_database_and_the_unit_stays_usable(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory
) -> None:
    async with units() as uow:
        await uow.appointments.add(_appointment(sonrisa, TEN))
        await uow.commit()

    overlapping = _appointment(sonrisa, TEN + timedelta(minutes=15), who=BETO)
    async with units() as uow:
        with pytest.raises(SlotTaken):
            await uow.appointments.add(overlapping)
        await uow.sessions.save(ChatSession(sonrisa.id, BETO, state=ConversationState.COLLECTING_TIME))
        # Another doctor at the same time, and the same doctor right after, are fine.
        await uow.appointments.add(_appointment(sonrisa, TEN, who=BETO, doctor_id=SOTO))
        await uow.appointments.add(_appointment(sonrisa, TEN + timedelta(minutes=30), who=BETO))
        await uow.commit()

    async with units() as uow:
        assert await uow.appointments.get(overlapping.id) is None
        session = await uow.sessions.get(sonrisa.id, BETO)
        busy = await uow.appointments.busy(
            sonrisa.id, [PEREZ, SOTO], TEN - timedelta(hours=1), TEN + timedelta(hours=2)
        )
    assert session is not None
    assert session.state is ConversationState.COLLECTING_TIME
    assert busy == {
        PEREZ: [
            Interval(TEN, TEN + timedelta(minutes=30)),
            Interval(TEN + timedelta(minutes=30), TEN + timedelta(hours=1)),
        ],
        SOTO: [Interval(TEN, TEN + timedelta(minutes=45))],
    }


async def test_a_cancelled_appointment_frees_its_slot_and_drops_its_reminders(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory, database: Database
) -> None:
    first = _appointment(sonrisa, TEN)
    async with units() as uow:
        await uow.appointments.add(first)
        await uow.reminders.schedule(reminders_for(first, NOW))
        await uow.commit()

    async with units() as uow:
        stored = await uow.appointments.get(first.id)
        assert stored is not None
        stored.cancel(NOW + timedelta(hours=1))
        await uow.appointments.update(stored)
        await uow.reminders.cancel(stored.id)  # as application.booking.cancel does
        await uow.commit()

    second = _appointment(sonrisa, TEN, who=BETO)
    async with units() as uow:
        busy = await uow.appointments.busy(
            sonrisa.id, [PEREZ], TEN - timedelta(days=1), TEN + timedelta(days=1)
        )
        assert busy == {PEREZ: []}
        await uow.appointments.add(second)
        await uow.commit()

    async with units() as uow:
        cancelled = await uow.appointments.get(first.id)
    assert cancelled is not None
    assert cancelled.status is AppointmentStatus.CANCELLED
    assert cancelled.cancelled_at == NOW + timedelta(hours=1)
    async with database.pool.acquire() as connection:
        statuses = await connection.fetch(
            "SELECT DISTINCT status FROM reminder_jobs WHERE appointment_id = $1", uuid.UUID(first.id)
        )
    assert [row["status"] for row in statuses] == ["cancelled"]


async def test_busy_time_is_read_for_the_window_asked_only(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory
) -> None:
    days = [TEN + timedelta(days=n) for n in range(5)]
    async with units() as uow:
        for day in days:
            await uow.appointments.add(_appointment(sonrisa, day))
        await uow.commit()
        window = await uow.appointments.busy(
            sonrisa.id, [PEREZ], days[1].astimezone(UTC), days[3] + timedelta(minutes=15)
        )
    assert window == {PEREZ: [Interval(d, d + timedelta(minutes=30)) for d in days[1:4]]}


async def test_the_busy_time_query_is_served_by_an_index(sonrisa: Clinic, database: Database) -> None:
    async with database.pool.acquire() as connection:
        await connection.execute("SET enable_seqscan = off")
        plan = "\n".join(
            row[0]
            for row in await connection.fetch(
                """
                EXPLAIN SELECT doctor_id, starts_at, ends_at FROM appointments
                WHERE clinic_id = $1 AND doctor_id = ANY($2::text[])
                  AND during && tstzrange($3, $4, '[)') AND status <> 'cancelled'
                """,
                sonrisa.id,
                [PEREZ],
                TEN,
                TEN + timedelta(days=1),
            )
        )
        await connection.execute("RESET enable_seqscan")
    assert "appointments_no_double_booking" in plan, plan


async def _jobs(database: Database, appointment: Appointment) -> list[tuple[datetime, timedelta, str]]:
    async with database.pool.acquire() as connection:
        rows = await connection.fetch(
            "SELECT due_at, before_start, status, available_at FROM reminder_jobs "
            "WHERE appointment_id = $1 ORDER BY status, due_at",
            uuid.UUID(appointment.id),
        )
    assert all(row["available_at"] == row["due_at"] for row in rows)  # claimable from their due time
    return [(row["due_at"], row["before_start"], row["status"]) for row in rows]


async def test_a_patient_round_trips_with_their_opt_out_and_recall_snooze(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory
) -> None:
    snoozed_until = NOW + timedelta(days=30)
    async with units() as uow:
        assert await uow.patients.get(sonrisa.id, ANA) is None
        await uow.patients.save(Patient(sonrisa.id, ANA, "Ana López", NOW, snoozed_until))
        # The session's own "make sure the patient exists" finds the row and leaves it alone.
        await uow.sessions.save(ChatSession(sonrisa.id, ANA))
        await uow.commit()

    async with units() as uow:
        stored = await uow.patients.get(sonrisa.id, ANA)
        assert stored == Patient(sonrisa.id, ANA, "Ana López", NOW, snoozed_until)
        assert stored.opted_out
        stored.opt_in()
        stored.name = None  # a save that does not know the name keeps the one on file
        await uow.patients.save(stored)
        await uow.commit()

    async with units() as uow:
        again = await uow.patients.get(sonrisa.id, ANA)
        other = await uow.patients.get(sonrisa.id, PatientAddress(ANA.value, AddressKind.USER_ID))
    assert again == Patient(sonrisa.id, ANA, "Ana López", None, snoozed_until)
    assert other is None


async def test_upcoming_lists_a_patients_booked_future_appointments_soonest_first(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory
) -> None:
    earlier = TEN - timedelta(days=3)
    past = Appointment(
        AppointmentId(str(uuid.uuid4())),
        sonrisa.id,
        PEREZ,
        ANA,
        "Ana López",
        earlier,
        earlier + timedelta(minutes=30),
    )
    later = _appointment(sonrisa, TEN + timedelta(days=1))
    soon = _appointment(sonrisa, TEN)
    cancelled = _appointment(sonrisa, TEN + timedelta(days=2))
    cancelled.cancel(NOW)
    someone_else = _appointment(sonrisa, TEN, who=BETO, doctor_id=SOTO)
    async with units() as uow:
        for appointment in (past, later, soon, cancelled, someone_else):
            await uow.appointments.add(appointment)
        await uow.commit()

    async with units() as uow:
        assert await uow.appointments.upcoming(sonrisa.id, ANA, NOW) == [soon, later]
        assert await uow.appointments.upcoming(sonrisa.id, ANA, TEN) == [later]  # started is not upcoming
        assert await uow.appointments.upcoming(sonrisa.id, BETO, NOW) == [someone_else]


async def test_the_upcoming_query_is_served_by_the_patient_index(sonrisa: Clinic, database: Database) -> None:
    async with database.pool.acquire() as connection:
        # A clinic's worth of patients and appointments, analysed, so the planner weighs the
        # indexes as in service (on empty tables any index looks as good as another).
        await connection.execute(
            "INSERT INTO patients (clinic_id, address_kind, address) "
            "SELECT $1, 'phone', '5690000' || lpad(n::text, 4, '0') FROM generate_series(1, 400) n",
            sonrisa.id,
        )
        await connection.execute(
            "INSERT INTO appointments (id, clinic_id, doctor_id, address_kind, address, patient_name, "
            "starts_at, ends_at, status, source) "
            "SELECT gen_random_uuid(), $1, $2, 'phone', '5690000' || lpad((n % 400 + 1)::text, 4, '0'), "
            "'P', $3::timestamptz + n * interval '30 minutes', "
            "$3::timestamptz + (n + 1) * interval '30 minutes', "
            "'booked', 'staff' FROM generate_series(1, 4000) n",
            sonrisa.id,
            sonrisa.doctors[0].id,
            NOW,
        )
        await connection.execute("ANALYZE patients; ANALYZE appointments")
        await connection.execute("SET enable_seqscan = off")
        plan = "\n".join(
            row[0]
            for row in await connection.fetch(
                "EXPLAIN SELECT id FROM appointments a WHERE a.clinic_id = $1 AND a.address_kind = $2 "
                "AND a.address = $3 AND a.starts_at > $4 AND a.status = 'booked' ORDER BY a.starts_at",
                sonrisa.id,
                ANA.kind.value,
                ANA.value,
                NOW,
            )
        )
        await connection.execute("RESET enable_seqscan")
    assert "appointments_by_patient" in plan, plan


async def test_a_moved_appointment_frees_its_old_time_and_holds_the_new(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory
) -> None:
    mine = _appointment(sonrisa, TEN)
    async with units() as uow:
        await uow.appointments.add(mine)
        await uow.commit()

    later = TEN + timedelta(hours=2)
    async with units() as uow:
        stored = await uow.appointments.get(mine.id)
        assert stored is not None
        stored.reschedule(sonrisa, Slot(later, later + timedelta(minutes=45), SOTO), NOW)
        await uow.appointments.update(stored)
        await uow.commit()
        # Someone else may now take the old time.
        await uow.appointments.add(_appointment(sonrisa, TEN, who=BETO))
        await uow.commit()

    async with units() as uow:
        moved = await uow.appointments.get(mine.id)
        busy = await uow.appointments.busy(sonrisa.id, [PEREZ, SOTO], TEN, TEN + timedelta(hours=4))
    assert moved == stored
    assert busy == {
        PEREZ: [Interval(TEN, TEN + timedelta(minutes=30))],
        SOTO: [Interval(later, later + timedelta(minutes=45))],
    }


async def test_moving_onto_held_time_is_refused_and_the_unit_stays_usable(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory
) -> None:
    mine, theirs = _appointment(sonrisa, TEN), _appointment(sonrisa, TEN + timedelta(hours=1), who=BETO)
    async with units() as uow:
        await uow.appointments.add(mine)
        await uow.appointments.add(theirs)
        await uow.commit()

    async with units() as uow:
        stored = await uow.appointments.get(mine.id)
        assert stored is not None
        clash = TEN + timedelta(hours=1, minutes=15)
        stored.reschedule(sonrisa, Slot(clash, clash + timedelta(minutes=30), PEREZ), NOW)
        with pytest.raises(SlotTaken):
            await uow.appointments.update(stored)
        await uow.sessions.save(ChatSession(sonrisa.id, ANA, state=ConversationState.COLLECTING_TIME))
        await uow.commit()

    async with units() as uow:
        assert await uow.appointments.get(mine.id) == mine
        session = await uow.sessions.get(sonrisa.id, ANA)
    assert session is not None
    assert session.state is ConversationState.COLLECTING_TIME


async def test_a_confirmed_attendance_is_stored(sonrisa: Clinic, units: PostgresUnitOfWorkFactory) -> None:
    mine = _appointment(sonrisa, TEN)
    async with units() as uow:
        await uow.appointments.add(mine)
        await uow.commit()
        stored = await uow.appointments.get(mine.id)
        assert stored is not None
        assert stored.service == "Odontología general"
        assert stored.attendance_confirmed_at is None
        stored.confirm_attendance(NOW)
        await uow.appointments.update(stored)
        await uow.commit()
        confirmed = await uow.appointments.get(mine.id)
    assert confirmed is not None
    assert confirmed.attendance_confirmed_at == NOW
    assert confirmed == stored


async def test_whether_the_patient_came_is_stored(sonrisa: Clinic, units: PostgresUnitOfWorkFactory) -> None:
    mine = _appointment(sonrisa, TEN)
    async with units() as uow:
        await uow.appointments.add(mine)
        await uow.commit()
        mine.record_visit(VisitOutcome.NO_SHOW, TEN + timedelta(minutes=20))
        await uow.appointments.update(mine)
        await uow.commit()
        stored = await uow.appointments.get(mine.id)
    assert stored is not None
    assert (stored.visit, stored.visit_recorded_at) == (VisitOutcome.NO_SHOW, TEN + timedelta(minutes=20))
    assert stored == mine


async def test_cancelling_an_appointments_reminders_leaves_none_pending(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory, database: Database
) -> None:
    mine = _appointment(sonrisa, TEN)
    async with units() as uow:
        await uow.appointments.add(mine)
        await uow.reminders.schedule(reminders_for(mine, NOW))
        await uow.commit()
    assert [status for _, _, status in await _jobs(database, mine)] == ["pending", "pending"]

    async with units() as uow:
        await uow.reminders.cancel(mine.id)
        await uow.commit()
    assert [status for _, _, status in await _jobs(database, mine)] == ["cancelled", "cancelled"]


async def test_moving_an_appointment_replaces_its_pending_reminders(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory, database: Database
) -> None:
    mine = _appointment(sonrisa, TEN)
    async with units() as uow:
        await uow.appointments.add(mine)
        await uow.reminders.schedule(reminders_for(mine, NOW))
        await uow.commit()

    tomorrow = TEN + timedelta(days=1)
    async with units() as uow:
        stored = await uow.appointments.get(mine.id)
        assert stored is not None
        stored.reschedule(sonrisa, Slot(tomorrow, tomorrow + timedelta(minutes=30), PEREZ), NOW)
        await uow.appointments.update(stored)
        await uow.reminders.cancel(stored.id)
        await uow.reminders.schedule(reminders_for(stored, NOW))
        await uow.commit()

    day, hour = timedelta(hours=24), timedelta(hours=1)
    assert await _jobs(database, mine) == [
        (TEN - day, day, "cancelled"),  # kept, for the record
        (TEN - hour, hour, "cancelled"),
        (tomorrow - day, day, "pending"),
        (tomorrow - hour, hour, "pending"),
    ]
