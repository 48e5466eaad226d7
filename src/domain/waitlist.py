"""The waitlist: patients who wanted a day (or a part of it, or a time) that was full.

When an appointment is cancelled or moved, its time is offered to the matching entries, first
come first served. An offer is a hold on the freed time for the patients it went to: it lasts
``OFFER_FOR``; the first of them to confirm books it, and the others are told it has gone and
stay on the list. An entry ends when its patient books (from an offer or otherwise that day),
leaves the list, or its day passes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from domain.availability import Slot
from domain.clinic import Clinic
from domain.ids import ClinicId, DoctorId, PatientAddress, ServiceId
from domain.when import DayPart

# How long the patients offered a freed time have to take it: a cancelled slot is often near,
# and a short hold gives it back to everyone quickly if nobody answers.
OFFER_FOR = timedelta(minutes=15)
# How many matching entries one freed time is offered to at once, first come first served. One
# at a time would leave a near slot empty while the first patient is away from the phone; all
# of them would disturb many people for one time only one can have. Three fills the time fast
# and tells few people "it has gone".
FAN_OUT = 3


class EntryState(StrEnum):
    WAITING = "waiting"
    BOOKED = "booked"  # the patient got a time that day (the offer, or booked otherwise)
    LEFT = "left"  # the patient left the list


class OfferState(StrEnum):
    OPEN = "open"  # sent, not answered: the time is held for the patients it went to
    TAKEN = "taken"  # this patient booked it
    GONE = "gone"  # another patient booked it first: this one was told so
    DECLINED = "declined"  # this patient said no: the time is no longer held for them


@dataclass(frozen=True, slots=True)
class Want:
    """What the patient asked for that was full: a day, maybe a part of it or a time, with whom, for what."""

    day: date
    part: DayPart | None = None
    at: time | None = None  # a wall-clock time in the clinic's zone
    doctor_id: DoctorId | None = None  # None: any doctor who does the service
    service_id: ServiceId | None = None  # None: the clinic's default visit


@dataclass(frozen=True, slots=True)
class WaitlistEntry:
    id: str
    clinic_id: ClinicId
    patient: PatientAddress
    person_name: str  # whom the visit is for ('' when not said yet: asked when an offer is taken)
    want: Want
    created_at: datetime
    state: EntryState = EntryState.WAITING

    def __post_init__(self) -> None:
        if self.created_at.tzinfo is None:
            raise ValueError("an entry's creation time must be timezone-aware")

    @property
    def waiting(self) -> bool:
        return self.state is EntryState.WAITING

    def expired(self, today: date) -> bool:
        """The wanted day has passed (``today`` in the clinic's zone): nothing can be offered."""
        return self.want.day < today

    def left(self) -> WaitlistEntry:
        return replace(self, state=EntryState.LEFT)

    def booked(self) -> WaitlistEntry:
        return replace(self, state=EntryState.BOOKED)

    def slot_in(self, clinic: Clinic, freed: FreedTime) -> Slot | None:
        """The visit this entry wants inside the freed time, starting when it starts; None when it
        does not match: another day, doctor, part of the day or time, or a service that does not
        fit in it or that the doctor does not do."""
        want = self.want
        if not self.waiting or freed.clinic_id != self.clinic_id:
            return None
        if want.doctor_id is not None and want.doctor_id != freed.doctor_id:
            return None
        doctor = clinic.doctor(freed.doctor_id)
        if doctor is None:
            return None
        service = clinic.service_for(want.service_id, freed.doctor_id)
        if service is not None and not service.done_by(doctor.id):
            return None
        local = clinic.local(freed.starts_at)
        if local.date() != want.day:
            return None
        if want.at is not None and local.time().replace(tzinfo=None) != want.at:
            return None
        if (
            want.at is None
            and want.part is not None
            and not clinic.day_parts.contains(want.part, local.time())
        ):
            return None
        ends_at = freed.starts_at + clinic.visit_length(service, doctor)
        if ends_at > freed.ends_at:
            return None
        return Slot(freed.starts_at, ends_at, doctor.id)


@dataclass(frozen=True, slots=True)
class FreedTime:
    """A doctor's time freed by a cancellation or a move (its service, if it had one)."""

    clinic_id: ClinicId
    doctor_id: DoctorId
    starts_at: datetime
    ends_at: datetime
    service_id: ServiceId | None = None

    def __post_init__(self) -> None:
        if self.starts_at.tzinfo is None or self.ends_at.tzinfo is None:
            raise ValueError("a freed time must be timezone-aware")
        if self.ends_at <= self.starts_at:
            raise ValueError("a freed time must end after it starts")


@dataclass(frozen=True, slots=True)
class WaitlistOffer:
    """A freed time offered to one entry's patient; a hold on it for them until ``expires_at``."""

    id: str
    entry_id: str
    clinic_id: ClinicId
    patient: PatientAddress
    slot: Slot
    created_at: datetime
    expires_at: datetime
    state: OfferState = OfferState.OPEN

    def lasts(self, now: datetime) -> bool:
        return self.state is OfferState.OPEN and self.expires_at > now


def matching(
    clinic: Clinic, entries: list[WaitlistEntry], freed: FreedTime, now: datetime, most: int = FAN_OUT
) -> list[tuple[WaitlistEntry, Slot]]:
    """The entries the freed time goes to, first come first served, with the visit each would
    have: at most ``most``, one per patient, none whose day has passed or that started after now."""
    today = clinic.today(now)
    chosen: list[tuple[WaitlistEntry, Slot]] = []
    patients: set[PatientAddress] = set()
    for entry in sorted(entries, key=lambda e: (e.created_at, e.id)):
        if entry.expired(today) or entry.patient in patients:
            continue
        slot = entry.slot_in(clinic, freed)
        if slot is None or slot.starts_at <= now:
            continue
        chosen.append((entry, slot))
        patients.add(entry.patient)
        if len(chosen) == most:
            break
    return chosen
