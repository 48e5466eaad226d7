"""Patients' rights by chat (issue 24): what the clinic keeps about them, their name, erasure.

A request is recognised offline before any reading by the model (``PrivacyReader``), and never
reaches it; so are the buttons. Erasure always asks first, with buttons that say what goes, what
stays and for how long: a message wrongly taken for a request costs the patient one "no". Every
request and what was done is written to the audit log, the patient named by their keyed hash.
Changes are staged in the turn's unit of work, as the booking desk's are.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime

from application.booking_desk import BookingDesk
from application.messages import OutboundMessage
from application.ports import Actor, ActorKind, AuditAction, AuditEntry, AuditLog, UnitOfWork
from application.privacy_register import answered_at_once
from application.pseudonyms import Pseudonyms
from application.texts_es import privacy as texts
from domain.appointment import AppointmentStatus
from domain.conversation import ChatSession, Speaker
from domain.erasure import ErasurePlan
from domain.ids import AddressKind, ClinicId
from domain.patient import Patient
from domain.people import SELF, Person, same_name
from domain.privacy_requests import Channel, Right

log = logging.getLogger(__name__)

# "me llamo Ana López", "es Ana López", "mi nombre es Ana": the name is what follows.
_NAME_LEAD = re.compile(
    r"^\s*(?:(?:mi\s+nombre\s+(?:correcto\s+)?es|me\s+llamo|soy|es|el\s+correcto\s+es)\s*:?\s+)",
    re.IGNORECASE,
)
_NAME = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*\.?", re.UNICODE)
_NAME_LENGTH = 80


def spoken_name(text: str) -> str | None:
    """The name a patient typed when asked for it: words of letters only, at most 80 characters."""
    words = _NAME_LEAD.sub("", text.strip()).strip(" .!¡")
    parts = words.split()
    if not parts or len(words) > _NAME_LENGTH or not all(_NAME.fullmatch(p) for p in parts):
        return None
    return " ".join(parts)


@dataclass
class PrivacyDesk:
    """One message's worth of a patient's rights over their data, staged in the unit of work."""

    desk: BookingDesk
    uow: UnitOfWork
    names: Pseudonyms
    audit: AuditLog | None = None

    async def ask_erasure(self) -> list[OutboundMessage]:
        clinic, session = self.desk.clinic, self.desk.session
        upcoming = await self.uow.appointments.upcoming(clinic.id, session.patient, self.desk.now)
        await self._record(AuditAction.PRIVACY_REQUEST_RECEIVED, "erasure")
        return [texts.ask_erasure(clinic, len(upcoming))]

    async def erase(self) -> list[OutboundMessage]:
        """Erase now: the session is not kept, and the last message leaves no trace once sent."""
        clinic, session = self.desk.clinic, self.desk.session
        session.reset()  # the time a booking in progress held is let go with it
        pseudonym = self.names.patient(session.patient)
        plan = ErasurePlan.of(clinic.privacy.retention, self.desk.now, pseudonym)
        erased = await self.uow.patient_data.erase(clinic.id, session.patient, plan)
        session.erase()
        await self._registered(Right.ERASURE, pseudonym)
        log.info(
            "patient %s erased: %d records kept, %d upcoming appointments cancelled",
            pseudonym[:16],
            erased.records_kept,
            erased.upcoming_cancelled,
        )
        await self._record(
            AuditAction.PATIENT_ERASED,
            f"by chat: {erased.records_kept} records kept, {erased.upcoming_cancelled} upcoming cancelled",
        )
        return [texts.erased(clinic)]

    async def keep(self) -> list[OutboundMessage]:
        await self._record(AuditAction.PRIVACY_REQUEST_ANSWERED, "erasure declined by the patient")
        return [texts.erasure_kept(self.desk.clinic), *self.desk.follow_up()]

    async def show(self) -> list[OutboundMessage]:
        """Access: a summary of what is kept; the full copy is staff's to give (the export)."""
        clinic, session, now = self.desk.clinic, self.desk.session, self.desk.now
        await self._record(AuditAction.PRIVACY_REQUEST_RECEIVED, "access")
        patient = await self.uow.patients.get(clinic.id, session.patient)
        upcoming = await self.uow.appointments.upcoming(clinic.id, session.patient, now)
        kept = await self.uow.patient_data.export(clinic.id, session.patient)
        past = [a for a in kept.appointments if a.status is AppointmentStatus.BOOKED and a.starts_at <= now]
        names = _names(patient, session.people)
        ways = [
            texts.phone_way(clinic)
            if session.patient.kind is AddressKind.PHONE
            else texts.user_id_way(clinic)
        ]
        reply = texts.summary(
            clinic,
            names=names,
            reached_by=ways,
            upcoming=upcoming,
            past=len(past),
            opted_out=patient is not None and patient.opted_out,
            today=self.desk.today,
        )
        await self._registered(Right.ACCESS)
        await self._record(AuditAction.PRIVACY_REQUEST_ANSWERED, "access: summary sent by chat")
        return [reply]

    async def ask_name(self) -> list[OutboundMessage]:
        await self._record(AuditAction.PRIVACY_REQUEST_RECEIVED, "rectification")
        return [texts.ask_new_name(self.desk.clinic)]

    def awaits_name(self) -> bool:
        """Whether the bot's last words asked this patient for the right name."""
        asked = texts.ask_new_name(self.desk.clinic).body
        said = next((t for t in reversed(self.desk.session.history) if t.speaker is Speaker.BOT), None)
        return said is not None and said.text == asked

    async def rename(self, text: str) -> list[OutboundMessage]:
        """Rectification: the name kept for the patient, their own person and upcoming visits."""
        clinic, session, now = self.desk.clinic, self.desk.session, self.desk.now
        name = spoken_name(text)
        if name is None:
            return [texts.name_not_understood(clinic)]
        await rename(self.uow, clinic.id, session, name, now)
        await self._registered(Right.RECTIFICATION)
        await self._record(AuditAction.PATIENT_RECTIFIED, "name, by chat")
        return [texts.name_changed(clinic, name)]

    async def objected(self) -> None:
        """An opt-out is the right to object to the clinic's own messages: answered as it comes."""
        await self._registered(Right.OBJECTION)
        await self._record(AuditAction.PRIVACY_REQUEST_ANSWERED, "objection: opted out by chat")

    async def _registered(self, right: Right, pseudonym: str | None = None) -> None:
        patient = pseudonym or self.names.patient(self.desk.session.patient)
        await answered_at_once(self.uow, self.desk.clinic, right, Channel.WHATSAPP, patient, self.desk.now)

    async def _record(self, action: AuditAction, detail: str) -> None:
        if self.audit is None:
            return
        name = self.names.patient(self.desk.session.patient)
        await self.audit.record(
            AuditEntry(
                clinic_id=self.desk.clinic.id,
                at=self.desk.now,
                actor=Actor(ActorKind.PATIENT, name),
                action=action,
                channel="whatsapp",
                client="whatsapp",
                target=name,
                detail=detail,
            )
        )


async def rename(
    uow: UnitOfWork, clinic_id: ClinicId, session: ChatSession, name: str, now: datetime
) -> str | None:
    """Change the name kept for the session's patient: theirs, their own person among the phone's
    people, and their upcoming appointments under the old name. The old name, if any."""
    patient = await uow.patients.get(clinic_id, session.patient) or Patient(clinic_id, session.patient)
    old = patient.name or _own_name(session)
    patient.name = name
    await uow.patients.save(patient)
    people = []
    for person in session.people:
        mine = person.relation == SELF or (old is not None and same_name(person.name, old))
        people.append(Person(person.id, name, person.relation) if mine else person)
    session.people = tuple(people)
    if old is not None:
        for appointment in await uow.appointments.upcoming(clinic_id, session.patient, now):
            if same_name(appointment.patient_name, old):
                appointment.patient_name = name
                await uow.appointments.update(appointment)
    return old


def _own_name(session: ChatSession) -> str | None:
    """The name the phone's owner booked under: theirs ("para mí"), or the one person the phone
    booked for without saying for whom; None when that cannot be told (a child, several people)."""
    if session.owner is not None:
        return session.owner.name
    unsaid = [p for p in session.people if p.relation is None]
    return unsaid[0].name if len(unsaid) == 1 else None


def _names(patient: Patient | None, people: tuple[Person, ...]) -> list[str]:
    found = [patient.name] if patient is not None and patient.name else []
    for person in people:
        if not any(same_name(person.name, n) for n in found):
            found.append(person.name)
    return found
