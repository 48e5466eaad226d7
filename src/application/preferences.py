"""What a patient agreed to receive: opting out of (and back into) the clinic's own messages.

Answers to recall campaigns land here too: "later" snoozes the patient's recalls, "stop" opts out.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from application.messages import OutboundMessage
from application.ports import UnitOfWork
from application.texts_es import outreach
from domain.clinic import Clinic
from domain.conversation import ChatSession
from domain.patient import Patient

log = logging.getLogger(__name__)


@dataclass
class Preferences:
    """One message's worth of changes to a patient's contact preferences, staged in the unit of work."""

    clinic: Clinic
    session: ChatSession
    uow: UnitOfWork
    now: datetime

    async def opt_out(self) -> list[OutboundMessage]:
        patient = await self._patient()
        patient.opt_out(self.now)
        await self.uow.patients.save(patient)
        log.info("patient %s opted out of non-essential messages", self.session.patient.masked())
        return [outreach.opted_out(self.clinic)]

    async def opt_in(self) -> list[OutboundMessage]:
        patient = await self._patient()
        patient.opt_in()
        await self.uow.patients.save(patient)
        log.info("patient %s opted back in", self.session.patient.masked())
        return [outreach.opted_in(self.clinic)]

    async def snooze_recalls(self) -> list[OutboundMessage]:
        patient = await self._patient()
        until = self.now + self.clinic.recalls.snooze
        patient.snooze_recalls(until)
        await self.uow.patients.save(patient)
        return [outreach.recall_later(self.clinic, until, self.clinic.today(self.now))]

    async def _patient(self) -> Patient:
        found = await self.uow.patients.get(self.clinic.id, self.session.patient)
        return found or Patient(
            self.clinic.id, self.session.patient, name=self.session.collected.patient_name
        )
