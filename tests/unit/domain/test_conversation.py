"""The session's state machine: the next state follows from what is still missing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from domain.availability import Slot
from domain.conversation import PEOPLE_LIMIT, ChatSession, CollectedFields, ConversationState, Speaker
from domain.ids import AppointmentId, ClinicId, DoctorId, PatientAddress
from domain.people import SELF, Person, PersonId
from domain.throttle import Limit, ModelRefusal, PatientLimits
from domain.when import ClockTime, DayPart

S = ConversationState
ANA = Person(PersonId("p-ana"), "Ana López", SELF)
MATEO = Person(PersonId("p-mateo"), "Mateo Rojas", "hijo")
DAY = date(2026, 12, 1)
SLOT = Slot(
    datetime(2026, 12, 1, 19, tzinfo=UTC), datetime(2026, 12, 1, 19, 30, tzinfo=UTC), DoctorId("perez")
)


def new_session() -> ChatSession:
    return ChatSession(ClinicId("sonrisa"), PatientAddress("56911112222"))


def session_in(state: ConversationState) -> ChatSession:
    session = new_session()
    if state is S.IDLE:
        return session
    session.start_booking()
    if state is S.COLLECTING_DATE:
        return session
    session.choose_day(DAY)
    if state is S.COLLECTING_TIME:
        return session
    session.choose_slot(SLOT, DAY)
    if state is S.COLLECTING_NAME:
        return session
    session.give_name("Ana López")
    if state is S.CONFIRMING:
        return session
    session.confirmed(AppointmentId("a1"))
    return session


@pytest.mark.parametrize("state", list(S))
def test_the_helper_reaches_every_state(state: ConversationState) -> None:
    assert session_in(state).state is state


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (CollectedFields(), S.COLLECTING_DATE),
        (CollectedFields(part=DayPart.AFTERNOON), S.COLLECTING_DATE),
        (CollectedFields(day=DAY), S.COLLECTING_TIME),
        (CollectedFields(day=DAY, time=ClockTime(4)), S.COLLECTING_TIME),
        (CollectedFields(day=DAY, slot=SLOT), S.COLLECTING_NAME),
        (CollectedFields(patient_name="Ana"), S.COLLECTING_DATE),
        (CollectedFields(day=DAY, slot=SLOT, patient_name="Ana"), S.CONFIRMING),
    ],
)
def test_next_state_follows_from_what_is_missing(
    fields: CollectedFields, expected: ConversationState
) -> None:
    assert fields.next_state() is expected


def test_idle_to_collecting_date_when_booking_starts() -> None:
    session = new_session()
    session.start_booking()
    assert session.state is S.COLLECTING_DATE


def test_collecting_date_to_time_to_name_to_confirming_to_confirmed() -> None:
    session = session_in(S.COLLECTING_DATE)
    states = []
    session.choose_day(DAY)
    states.append(session.state)
    session.choose_slot(SLOT, DAY)
    states.append(session.state)
    session.give_name("  Ana   López ")
    states.append(session.state)
    session.confirmed(AppointmentId("a1"))
    states.append(session.state)
    assert states == [S.COLLECTING_TIME, S.COLLECTING_NAME, S.CONFIRMING, S.CONFIRMED]
    assert session.collected == CollectedFields()  # the next booking asks whom it is for
    assert session.last_appointment_id == "a1"


def test_one_message_can_fill_several_fields_and_jump_to_confirming() -> None:
    session = new_session()
    session.start_booking()
    session.give_name("Ana López")
    session.choose_slot(SLOT, DAY)
    assert session.state is S.CONFIRMING


def test_a_new_booking_asks_whom_it_is_for_and_a_known_person_fills_the_name() -> None:
    session = session_in(S.CONFIRMED)
    session.remember(ANA)
    session.remember(MATEO)
    assert session.people == (MATEO, ANA)
    session.start_booking()
    assert session.collected == CollectedFields()  # not the last booking's name
    session.choose_slot(SLOT, DAY)
    before = session.state
    session.choose_person(ANA)
    assert (before, session.state) == (S.COLLECTING_NAME, S.CONFIRMING)
    assert session.collected.patient_name == "Ana López"
    assert session.collected.person_id == ANA.id
    assert session.collected.relation == SELF


def test_a_name_typed_that_is_one_of_the_phones_people_is_that_person() -> None:
    session = session_in(S.COLLECTING_NAME)
    session.remember(MATEO)
    session.give_name("  mateo ROJAS ")
    assert session.collected.person_id == MATEO.id
    assert session.collected.patient_name == "Mateo Rojas"
    assert session.collected.relation == "hijo"
    session.give_name("Sofía Rojas")
    assert session.collected.person_id is None
    assert session.collected.patient_name == "Sofía Rojas"


def test_saying_whom_it_is_for() -> None:
    session = session_in(S.COLLECTING_NAME)
    session.give_name("Sofía Rojas")
    session.for_whom("hija")  # a name given before saying whom is theirs
    assert session.collected.patient_name == "Sofía Rojas"
    assert session.collected.relation == "hija"
    session.for_whom("mamá")  # someone else now: that name is not hers
    assert session.collected.patient_name is None
    assert session.state is S.COLLECTING_NAME
    session.remember(ANA)
    session.for_whom(SELF)  # the owner is known: no name to ask
    assert session.collected.patient_name == "Ana López"
    assert session.state is S.CONFIRMING


def test_people_are_kept_once_each_the_latest_first_and_at_most_ten() -> None:
    session = new_session()
    for n in range(12):
        session.remember(Person(PersonId(f"p{n}"), f"Persona {n}"))
    session.remember(Person(PersonId("again"), "persona 3"))  # the same name: one person
    assert len(session.people) == PEOPLE_LIMIT
    assert session.people[0].id == "again"
    assert [p.name for p in session.people].count("Persona 3") == 0


@pytest.mark.parametrize("state", list(S))
def test_reset_from_every_state_returns_to_idle_with_nothing_collected(state: ConversationState) -> None:
    session = session_in(state)
    session.reset()
    assert session.state is S.IDLE
    assert session.collected == CollectedFields()


@pytest.mark.parametrize("state", [S.COLLECTING_TIME, S.COLLECTING_NAME, S.CONFIRMING])
def test_edit_goes_back_to_the_date_keeping_the_name(state: ConversationState) -> None:
    session = session_in(state)
    session.give_name("Ana López")
    session.edit()
    assert session.state is S.COLLECTING_DATE
    assert session.collected == CollectedFields(patient_name="Ana López")


def test_abandon_returns_to_idle_with_nothing_collected() -> None:
    session = session_in(S.CONFIRMING)
    session.abandon()
    assert session.state is S.IDLE
    assert session.collected == CollectedFields()


def test_a_new_day_unpicks_the_slot() -> None:
    session = session_in(S.CONFIRMING)
    session.choose_day(DAY + timedelta(days=1))
    assert session.state is S.COLLECTING_TIME
    assert session.collected.slot is None


def test_the_same_day_again_keeps_the_slot() -> None:
    session = session_in(S.CONFIRMING)
    session.choose_day(DAY)
    assert session.state is S.CONFIRMING


def test_another_doctor_unpicks_the_slot() -> None:
    session = session_in(S.CONFIRMING)
    session.choose_doctor(DoctorId("soto"))
    assert session.state is S.COLLECTING_TIME


def test_a_new_time_wish_unpicks_the_slot_and_a_part_replaces_an_old_time() -> None:
    session = session_in(S.CONFIRMING)
    session.prefer(time=ClockTime(5))
    assert session.state is S.COLLECTING_TIME
    assert session.collected.time == ClockTime(5)
    session.prefer(part=DayPart.MORNING)
    assert session.collected.time is None
    assert session.collected.part is DayPart.MORNING


def test_release_slot_goes_back_to_choosing_a_time() -> None:
    session = session_in(S.CONFIRMING)
    session.release_slot()
    assert session.state is S.COLLECTING_TIME
    assert session.collected.day == DAY
    assert session.collected.patient_name == "Ana López"


@pytest.mark.parametrize("state", [s for s in S if s is not S.CONFIRMING])
def test_only_a_confirming_session_can_be_confirmed(state: ConversationState) -> None:
    with pytest.raises(ValueError, match="cannot confirm"):
        session_in(state).confirmed(AppointmentId("a2"))


def test_a_blank_name_is_refused() -> None:
    with pytest.raises(ValueError, match="blank"):
        session_in(S.COLLECTING_NAME).give_name("   ")


def test_history_is_bounded_and_patient_turns_mark_activity() -> None:
    session = new_session()
    at = datetime(2026, 12, 1, 12, tzinfo=UTC)
    for n in range(30):
        session.record(Speaker.PATIENT, f"m{n}", at + timedelta(minutes=n))
    session.record(Speaker.BOT, "reply", at + timedelta(hours=5))
    assert len(session.history) == 20
    assert session.history[0].text == "m11"
    assert session.last_activity == at + timedelta(minutes=29)
    assert session.is_stale(at + timedelta(minutes=29, hours=3), timedelta(hours=2))
    assert not session.is_stale(at + timedelta(minutes=59), timedelta(hours=2))


def test_phone_numbers_are_masked_in_reprs() -> None:
    patient = PatientAddress("56911112222")
    assert "56911112222" not in repr(patient)
    assert patient.masked().endswith("2222")
    assert "56911112222" not in repr(new_session())


def test_staff_take_a_conversation_over_once_and_hand_it_back() -> None:
    session = new_session()
    assert session.hand_to_staff()  # the bot had it
    assert not session.bot_enabled
    assert not session.hand_to_staff()  # staff had it already
    session.hand_back()
    assert session.bot_enabled


def test_a_reading_is_charged_to_the_patients_budgets() -> None:
    limits = PatientLimits(model_calls=Limit(2, timedelta(hours=1)), model_tokens_per_patient=1_000)
    now = datetime(2026, 12, 1, 12, tzinfo=UTC)
    session = new_session()
    session.charge_reading(now, DAY, limits, by_model=False, tokens=0)  # read offline: free
    assert session.model_refusal(now, DAY, limits, clinic_tokens=0) is None
    session.charge_reading(now, DAY, limits, by_model=True, tokens=400)
    session.charge_reading(now, DAY, limits, by_model=False, tokens=100)  # a failed call, still paid
    assert session.model_calls == 1
    assert session.model_tokens.on(DAY) == 500
    session.charge_reading(now, DAY, limits, by_model=True, tokens=100)
    assert session.model_refusal(now, DAY, limits, clinic_tokens=0) is ModelRefusal.PATIENT_CALLS
    assert session.model_refusal(now + timedelta(hours=1), DAY, limits, 0) is None
    session.charge_reading(now, DAY, limits, by_model=False, tokens=400)
    assert session.model_refusal(now + timedelta(hours=1), DAY, limits, 0) is ModelRefusal.PATIENT_TOKENS
