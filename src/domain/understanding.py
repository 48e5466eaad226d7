"""What an NLU engine proposes a patient meant. A proposal, never a fact: the server checks it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from domain.ids import DoctorId, ServiceId
from domain.when import ClockTime, DayPart


class Intent(StrEnum):
    BOOK = "book"  # wants an appointment, or gives booking details
    GREET = "greet"
    AFFIRM = "affirm"  # "sí", "confirmo"
    DENY = "deny"  # "no"
    CANCEL = "cancel"  # drop the booking in progress, or else cancel a booked appointment
    RESCHEDULE = "reschedule"  # move a booked appointment ("cambiar mi cita para el viernes")
    MY_APPOINTMENTS = "my_appointments"  # asks about their booked appointments ("¿a qué hora es mi cita?")
    OPT_OUT = "opt_out"  # no more messages from the clinic ("BAJA", "no quiero recibir mensajes")
    OPT_IN = "opt_in"  # messages again after an opt-out ("ALTA")
    RESET = "reset"  # start the conversation over
    FAQ = "faq"
    THANKS = "thanks"
    HANDOFF = "handoff"  # asks for a person
    UNKNOWN = "unknown"


class ServiceQuestion(StrEnum):
    """What a patient asks about a service ("¿cuánto sale la limpieza?"): answered from its data."""

    PRICE = "price"  # "¿cuánto sale?", "¿qué valor tiene?"
    PREPARATION = "preparation"  # "¿tengo que ir en ayunas?", "¿qué tengo que llevar?"
    DURATION = "duration"  # "¿cuánto dura?", "¿cuánto demora?"


@dataclass(frozen=True, slots=True)
class Understanding:
    intent: Intent
    day: date | None = None
    part: DayPart | None = None
    time: ClockTime | None = None
    doctor_id: DoctorId | None = None
    patient_name: str | None = None
    faq_index: int | None = None
    service_id: ServiceId | None = None  # the service named ("una limpieza"), one of the clinic's
    asks: ServiceQuestion | None = None  # a question about a service (the one named, or the booking's)
    # Whom the appointment is for, as the patient put it: one of ``domain.people.RELATIVES``
    # ("hija" from "es para mi hija") or ``domain.people.SELF`` ("para mí"); None if unsaid.
    relation: str | None = None
    by_model: bool = False  # a language model proposed it (a paid call), not the offline reader
    model_tokens: int = 0  # what reading it cost: the tokens the model read and wrote

    @property
    def has_booking_details(self) -> bool:
        return any(
            value is not None
            for value in (
                self.day,
                self.part,
                self.time,
                self.doctor_id,
                self.patient_name,
                self.service_id,
                self.relation,
            )
        )
