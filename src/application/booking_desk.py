"""The booking conversation's rules: what to accept from the patient and what to say next.

Everything proposed (by an NLU engine or a button) is checked here against the clinic's
real availability before it reaches the session. No I/O: the use case loads and saves.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from application import texts_es as texts
from application.messages import InboundKind, OutboundMessage
from application.texts_es import services as service_texts
from domain.availability import Availability, Slot, one_per_start
from domain.clinic import Clinic
from domain.conversation import ChatSession, ConversationState
from domain.handoff import NeedReason
from domain.ids import DoctorId
from domain.services import Service
from domain.understanding import Intent, Understanding
from domain.waitlist import Want
from domain.when import DayPart

MAX_SLOTS_OFFERED = 10
_TO_REVIEW = frozenset({InboundKind.IMAGE, InboundKind.VIDEO, InboundKind.DOCUMENT})  # files staff review


@dataclass
class BookingDesk:
    """One message's worth of decisions over a session, a clinic and its availability."""

    clinic: Clinic
    session: ChatSession
    availability: Availability  # the clinic's free time this turn; ``free`` is the booking's service's
    now: datetime
    appointments_changed: bool = False  # a slot was booked or freed: ``availability`` is out of date
    full: Want | None = None  # what the patient asked for and found full: the waitlist is offered

    def found_full(self, day: date, *, part: DayPart | None = None, at: time | None = None) -> None:
        """Say that the day (or its part, or the time) the patient wants has no free time."""
        fields = self.session.collected
        if fields.rescheduling is not None:  # a move waits for no list: the appointment stays meanwhile
            return
        chosen = self.clinic.doctor(fields.doctor_id)
        doctors = [chosen] if chosen is not None else self.clinic.doctors_for(self.service)
        if any(d.hours.on(day) and not self.clinic.is_closed(d, day) for d in doctors):  # full, not closed
            self.full = Want(day, part, at, fields.doctor_id, fields.service_id)

    def booked_or_freed(self) -> None:
        """Say that this message booked, moved or cancelled an appointment."""
        self.appointments_changed = True

    @property
    def today(self) -> date:
        return self.clinic.today(self.now)

    @property
    def service(self) -> Service | None:
        """What the booking in progress is for: the service asked for, else the clinic's default
        (one its doctor does). None when the clinic lists no services: a plain visit."""
        fields = self.session.collected
        return self.clinic.service_for(fields.service_id, fields.doctor_id)

    @property
    def free(self) -> Availability:
        """The free times of the booking's service: its doctors, each visit as long as it takes."""
        return self.availability.of(self.service)

    # Free text, as understood by the NLU engine.

    def understood(self, meaning: Understanding) -> list[OutboundMessage]:
        session = self.session
        if meaning.intent is Intent.RESET:
            return self.reset()
        if meaning.intent is Intent.CANCEL and not meaning.has_booking_details:
            return self.cancel()
        if meaning.intent is Intent.HANDOFF:
            # The patient asked for a person: the bot steps aside until staff hand it back.
            session.hand_to_staff(self.now)
            session.needs_a_person(NeedReason.ASKED, self.now)
            return [texts.handoff(self.clinic, self.clinic.person_answers_at(self.now))]
        if session.state is ConversationState.CONFIRMING and meaning.intent is Intent.DENY:
            return self.edit()
        if meaning.asks is not None:
            return self._about_service(meaning)
        if meaning.faq_index is not None and not meaning.has_booking_details:
            entry = self.clinic.faq[meaning.faq_index]
            if meaning.intent is Intent.BOOK:  # "¿tienen estacionamiento? quiero una hora"
                return [texts.faq_answer(entry), *self._collect(meaning)]
            return [texts.faq_answer(entry), *self.follow_up()]
        if meaning.intent is Intent.FAQ and meaning.faq_index is None and not meaning.has_booking_details:
            # A question the clinic's answers do not cover: a person answers it (and says when, if
            # the clinic is closed); the bot does not pause, so the patient can still book.
            session.needs_a_person(NeedReason.QUESTION, self.now)
            answers_at = self.clinic.person_answers_at(self.now)
            return [texts.question_for_staff(self.clinic, answers_at), *self.follow_up()]
        if meaning.intent is Intent.BOOK or meaning.has_booking_details:
            return self._collect(meaning)
        if meaning.intent is Intent.THANKS and not session.booking_in_progress:
            return [texts.thanks(self.clinic)]
        if meaning.intent is Intent.GREET and not session.booking_in_progress:
            return [texts.welcome(self.clinic)]
        if session.booking_in_progress:
            return (
                [texts.not_understood(self.clinic), self.prompt()]
                if meaning.intent is Intent.UNKNOWN
                else [self.prompt()]
            )
        return [texts.not_understood(self.clinic)]

    def received_for_staff(self, kind: InboundKind) -> OutboundMessage:
        """A photo, a document, a contact card: the clinic's team has it; a photo or a document
        waits for a person to look at it."""
        if kind in _TO_REVIEW:
            self.session.needs_a_person(NeedReason.FILE_TO_REVIEW, self.now)
        return texts.received_for_staff(self.clinic, kind, self.clinic.person_answers_at(self.now))

    # Buttons: the same decisions, no NLU.

    def start(self) -> list[OutboundMessage]:
        self.session.start_booking()
        return [self.prompt()]

    def edit(self) -> list[OutboundMessage]:
        self.session.edit()
        return [self.prompt()]

    def cancel(self) -> list[OutboundMessage]:
        if not self.session.booking_in_progress:
            return [texts.nothing_to_cancel(self.clinic)]
        self.session.abandon()
        return [texts.booking_abandoned(self.clinic)]

    def reset(self) -> list[OutboundMessage]:
        self.session.reset()
        return [texts.reset_done(self.clinic)]

    def pick_day(self, day: date) -> list[OutboundMessage]:
        if not self.session.booking_in_progress:
            self.session.start_booking()
        problem = self._day_problem(day, self.session.collected.doctor_id)
        if problem:
            return [self.prompt(lead=problem)]
        self.session.choose_day(day)
        return [self.prompt()]

    def pick_slot(self, doctor_id: str, starts_at: datetime) -> list[OutboundMessage]:
        """A tapped time: accepted only if that exact slot is still free."""
        doctor = self.clinic.doctor(doctor_id)
        if doctor is None:
            return [texts.unknown_option(self.clinic), *self.follow_up()]
        if not self.session.booking_in_progress:
            self.session.start_booking()
        service = self.clinic.service_for(self.session.collected.service_id, doctor.id)
        if service is not None and not service.done_by(doctor.id):
            return [texts.unknown_option(self.clinic), *self.follow_up()]
        slot = Slot(starts_at, starts_at + self.clinic.visit_length(service, doctor), doctor.id)
        free = self.availability.of(service)
        if not free.contains(slot):
            alternatives = free.nearest(starts_at, doctor_id=doctor.id)
            return [texts.slot_just_taken(self.clinic, alternatives, self.today)]
        self.session.choose_slot(slot, self.clinic.local(starts_at).date())
        return [self.prompt()]

    def pick_person(self, person_id: str) -> list[OutboundMessage]:
        """A tapped person: one of the people this phone booked for before (a claim, checked)."""
        person = self.session.person(person_id)
        if person is None:
            return [texts.unknown_option(self.clinic), *self.follow_up()]
        if not self.session.booking_in_progress:
            self.session.start_booking()
        self.session.choose_person(person)
        return [self.prompt()]

    def for_whom(self, relation: str) -> list[OutboundMessage]:
        """ "Para mí" or "Otra persona" tapped: the name is asked next (or known, for the owner)."""
        if not self.session.booking_in_progress:
            self.session.start_booking()
        self.session.for_whom(relation)
        return [self.prompt()]

    # What to ask next.

    def prompt(self, lead: str = "") -> OutboundMessage:
        session = self.session
        fields = session.collected
        chosen = self.service if fields.service_id is not None else None  # said only when asked for
        if session.state is ConversationState.COLLECTING_DATE:
            return texts.ask_day(self.clinic, self._free_days(), self.today, lead, chosen)
        if session.state is ConversationState.COLLECTING_TIME and fields.day is not None:
            free = self.free
            wished = free.matching(day=fields.day, doctor_id=fields.doctor_id, part=fields.part)
            if fields.part is not None and not wished:
                # Nothing left in that part of the day: offer the rest of the day, saying so.
                wished = free.matching(day=fields.day, doctor_id=fields.doctor_id)
                if wished:
                    lead = f"{lead} {texts.part_full(self.clinic, fields.part)}".strip()
                    self.found_full(fields.day, part=fields.part)
            if not wished:
                self.found_full(fields.day)
                # Nothing that day at all (a doctor chosen after the day who does not work it):
                # say so, and ask for another day.
                full = texts.day_full(
                    self.clinic, fields.day, self.today, self.clinic.doctor(fields.doctor_id)
                )
                return texts.ask_day(
                    self.clinic, self._free_days(), self.today, f"{lead} {full}".strip(), chosen
                )
            return texts.offer_slots(
                self.clinic, _spread(one_per_start(wished)), fields.day, self.today, lead, chosen
            )
        if session.state is ConversationState.COLLECTING_NAME:
            return _led(texts.ask_who(self.clinic, session.people, fields.relation), lead)
        if session.state is ConversationState.CONFIRMING:
            moving = fields.rescheduling
            return texts.confirmation_card(
                self.clinic,
                fields,
                self.today,
                moving_from=moving.was_at if moving else None,
                service=self.service,
            )
        return texts.welcome(self.clinic)

    def follow_up(self) -> list[OutboundMessage]:
        """The open question again, after an aside (FAQ, media, unknown button) mid-booking."""
        return [self.prompt()] if self.session.booking_in_progress else []

    def _about_service(self, meaning: Understanding) -> list[OutboundMessage]:
        """ "¿Cuánto sale la limpieza?": answered from the service's data; then the booking goes on."""
        asks = meaning.asks
        if asks is None:
            raise ValueError("not a question about a service")
        named = self.clinic.service(meaning.service_id)
        asked_of = named or (self.service if self.session.booking_in_progress else None)
        if asked_of is not None:
            answer = service_texts.answer(self.clinic, asked_of, asks)
        elif self.clinic.services:
            answer = service_texts.catalogue(self.clinic, asks)
        elif meaning.faq_index is not None:
            answer = texts.faq_answer(self.clinic.faq[meaning.faq_index])
        else:
            answer = texts.not_for_the_bot(self.clinic)
        wants_booking = meaning.intent is Intent.BOOK or any(
            value is not None for value in (meaning.day, meaning.part, meaning.time, meaning.doctor_id)
        )
        if wants_booking:  # "quiero una limpieza el viernes, ¿cuánto sale?"
            return [answer, *self._collect(replace(meaning, asks=None))]
        return [answer, *self.follow_up()]

    def _collect(self, meaning: Understanding) -> list[OutboundMessage]:
        session = self.session
        if not session.booking_in_progress:
            session.start_booking()
        leads: list[str] = []
        service = self.clinic.service(meaning.service_id)
        if service is not None and not service.bookable:
            # Some services need a person first (an assessment, a quote): staff take it from here.
            session.abandon()
            session.hand_to_staff(self.now)
            session.needs_a_person(NeedReason.SERVICE, self.now)
            answers_at = self.clinic.person_answers_at(self.now)
            return [service_texts.needs_a_person(self.clinic, service, answers_at)]
        doctor = self.clinic.doctor(meaning.doctor_id)
        wanted = service or self.clinic.service(session.collected.service_id)
        if doctor is not None and wanted is not None and not wanted.done_by(doctor.id):
            leads.append(service_texts.done_by(self.clinic, wanted, self.clinic.doctors_for(wanted)))
            doctor = None
        if service is not None:
            current = session.collected.doctor_id
            keep = current is None or service.done_by(current)
            if not keep:
                leads.append(service_texts.done_by(self.clinic, service, self.clinic.doctors_for(service)))
            session.choose_service(service.id, keep_doctor=keep)
        if doctor is not None:
            session.choose_doctor(doctor.id)
        if meaning.day is not None:
            problem = self._day_problem(meaning.day, session.collected.doctor_id)
            if problem:
                leads.append(problem)
            else:
                session.choose_day(meaning.day)
        if meaning.time is not None or meaning.part is not None:
            session.prefer(part=meaning.part, time=meaning.time)
        if meaning.relation is not None:
            session.for_whom(meaning.relation)
        if meaning.patient_name:
            session.give_name(meaning.patient_name)
        fields = session.collected
        if fields.slot is None and fields.day is not None and fields.time is not None:
            slot = self.free.at(fields.day, fields.time.candidates(), fields.doctor_id)
            if slot is not None:
                session.choose_slot(slot, fields.day)
            else:
                return [self._time_taken(fields.day, self._meant(fields.day, fields.time.candidates()))]
        return [self.prompt(lead=" ".join(leads))]

    def _meant(self, day: date, candidates: tuple[time, ...]) -> time:
        """Of "a las 10" (10:00 or 22:00), the time someone works that day; else the likeliest."""
        chosen = self.clinic.doctor(self.session.collected.doctor_id)
        doctors = [chosen] if chosen else list(self.clinic.doctors_for(self.service))
        for candidate in candidates:
            if any(r.covers(candidate) for doctor in doctors for r in doctor.hours.on(day)):
                return candidate
        return candidates[0]

    def _time_taken(self, day: date, wanted: time) -> OutboundMessage:
        asked = datetime.combine(day, wanted, tzinfo=self.clinic.timezone)
        self.found_full(day, at=wanted)
        alternatives = self.free.nearest(asked.astimezone(UTC), doctor_id=self.session.collected.doctor_id)
        return texts.time_taken(self.clinic, day, asked, alternatives, self.today)

    def _day_problem(self, day: date, doctor_id: DoctorId | None) -> str | None:
        if day < self.today:
            return texts.day_in_past(self.clinic, day, self.today)
        if day > self.today + timedelta(days=self.clinic.policy.horizon_days):
            return texts.day_beyond_horizon(self.clinic, day)
        if not self.free.matching(day=day, doctor_id=doctor_id):
            self.found_full(day)
            return texts.day_full(self.clinic, day, self.today, self.clinic.doctor(doctor_id))
        return None

    def _free_days(self) -> list[date]:
        return self.free.days_with_slots(doctor_id=self.session.collected.doctor_id)


def _spread(slots: list[Slot], most: int = MAX_SLOTS_OFFERED) -> list[Slot]:
    """At most ``most`` slots spread over the day, so a long day is not cut at 11:00."""
    if len(slots) <= most:
        return slots
    step = (len(slots) - 1) / (most - 1)
    return [slots[round(index * step)] for index in range(most)]


def _led(message: OutboundMessage, lead: str) -> OutboundMessage:
    """``message`` with ``lead`` before its text (what was wrong, said before the question)."""
    if not lead:
        return message
    return replace(message, body=f"{lead}\n\n{message.body}")
