"""Patients' rights at the desk (issue 24): staff give a patient the full copy of what is kept
about them (access), correct their name (rectification) and erase them (erasure), through the
staff API. Each is written to the audit log, the patient named by their keyed hash.

Erasing at the desk deletes what erasing by chat does (``PatientData.erase``), under the
conversation's lock so a turn of the same patient cannot write in between; no message is sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from application.audit import Origin
from application.ports import (
    AuditAction,
    AuditEntry,
    AuditLog,
    ClinicDirectory,
    Clock,
    ConversationLock,
    KeptData,
    NoPatientTraces,
    PatientTraces,
    UnitOfWork,
    UnitOfWorkFactory,
    UnknownClinic,
)
from application.privacy_desk import rename
from application.privacy_register import answered_at_once, new_request
from application.pseudonyms import Pseudonyms
from application.staff import UnknownConversation, typed_text
from domain.clinic import Clinic
from domain.conversation import ChatSession
from domain.erasure import Erased, ErasurePlan
from domain.ids import ClinicId, PatientAddress
from domain.patient import Patient
from domain.privacy import Retention
from domain.privacy_requests import Channel, PrivacyRequest, Right

MAX_NAME = 80


class UnknownRequest(Exception):
    pass


@dataclass(frozen=True, slots=True)
class PatientFile:
    """Everything kept about a patient: the right of access's full copy."""

    patient: PatientAddress  # the identifier their data is kept under
    details: Patient | None  # name and contact preferences
    session: ChatSession | None  # the conversation, its history and the phone's people
    kept: KeptData  # identifiers, appointments, messages in and out


@dataclass(frozen=True)
class PatientRights:
    """Export, rectify and erase a patient, as a clinic's staff."""

    clinics: ClinicDirectory
    unit_of_work: UnitOfWorkFactory
    lock: ConversationLock
    clock: Clock
    audit: AuditLog
    names: Pseudonyms
    traces: PatientTraces = field(default_factory=NoPatientTraces)

    async def export(self, clinic_id: ClinicId, patient: PatientAddress, origin: Origin) -> PatientFile:
        clinic = await self._clinic(clinic_id)
        async with self.unit_of_work() as uow:
            identity = await uow.patients.identity(clinic_id, patient)
            found = PatientFile(
                identity,
                await uow.patients.get(clinic_id, identity),
                await uow.sessions.get(clinic_id, identity),
                await uow.patient_data.export(clinic_id, identity),
            )
            if found.details is None and found.session is None and not found.kept.appointments:
                raise UnknownConversation("no such patient at this clinic")
            await self._answered(uow, clinic, Right.ACCESS, origin, identity)
            await uow.commit()
        await self._record(clinic_id, identity, origin, AuditAction.PATIENT_EXPORTED, "full copy")
        return found

    async def rectify(self, clinic_id: ClinicId, patient: PatientAddress, name: str, origin: Origin) -> str:
        """Correct the name kept for the patient; the name as kept."""
        name = " ".join(typed_text(name, "the name", MAX_NAME).split())
        now = self.clock.now()
        async with self.lock.hold(clinic_id, patient, now), self.unit_of_work() as uow:
            identity = await uow.patients.identity(clinic_id, patient)
            session = await uow.sessions.get(clinic_id, identity)
            if session is None and await uow.patients.get(clinic_id, identity) is None:
                raise UnknownConversation("no such patient at this clinic")
            session = session or ChatSession(clinic_id, identity)
            await rename(uow, clinic_id, session, name, now)
            await uow.sessions.save(session)
            await self._answered(uow, await self._clinic(clinic_id), Right.RECTIFICATION, origin, identity)
            await uow.commit()
        await self._record(clinic_id, identity, origin, AuditAction.PATIENT_RECTIFIED, "name, at the desk")
        return name

    async def erase(self, clinic_id: ClinicId, patient: PatientAddress, origin: Origin) -> Erased:
        clinic = await self._clinic(clinic_id)
        now = self.clock.now()
        async with self.lock.hold(clinic_id, patient, now), self.unit_of_work() as uow:
            identity = await uow.patients.identity(clinic_id, patient)
            plan = ErasurePlan.of(clinic.privacy.retention, now, self.names.patient(identity))
            erased = await uow.patient_data.erase(clinic_id, identity, plan)
            await self._answered(uow, clinic, Right.ERASURE, origin, identity)
            await uow.commit()
        for address in {patient, identity}:
            await self.traces.forget(clinic_id, address)
        await self._record(
            clinic_id,
            identity,
            origin,
            AuditAction.PATIENT_ERASED,
            f"at the desk: {erased.records_kept} records kept,"
            f" {erased.upcoming_cancelled} upcoming cancelled",
        )
        return erased

    async def register(
        self, clinic_id: ClinicId, patient: PatientAddress, right: Right, origin: Origin
    ) -> PrivacyRequest:
        """A request staff took (at the desk, by phone, by mail): pending until they mark it answered."""
        clinic = await self._clinic(clinic_id)
        now = self.clock.now()
        async with self.unit_of_work() as uow:
            identity = await uow.patients.identity(clinic_id, patient)
            channel = Channel.CONSOLE if origin.channel == Channel.CONSOLE else Channel.API
            request = new_request(clinic, right, channel, self.names.patient(identity), now, address=identity)
            await uow.privacy_requests.add(request)
            await uow.commit()
        await self._record(clinic_id, identity, origin, AuditAction.PRIVACY_REQUEST_RECEIVED, right.value)
        return request

    async def requests(self, clinic_id: ClinicId, *, pending: bool = True) -> list[PrivacyRequest]:
        """The pending ones, the soonest due first; or all, the latest received first."""
        async with self.unit_of_work() as uow:
            if pending:
                return await uow.privacy_requests.pending(clinic_id)
            return await uow.privacy_requests.recent(clinic_id)

    async def answer(self, clinic_id: ClinicId, request_id: str, origin: Origin) -> PrivacyRequest:
        async with self.unit_of_work() as uow:
            request = await uow.privacy_requests.answer(clinic_id, request_id, self.clock.now())
            if request is None:
                raise UnknownRequest("no such privacy request at this clinic")
            await uow.commit()
        await self.audit.record(
            AuditEntry(
                clinic_id=clinic_id,
                at=self.clock.now(),
                actor=origin.actor,
                action=AuditAction.PRIVACY_REQUEST_ANSWERED,
                channel=origin.channel,
                client=origin.client,
                target=request.patient,
                detail=f"{request.right.value} request {request.id}",
            )
        )
        return request

    async def _answered(
        self, uow: UnitOfWork, clinic: Clinic, right: Right, origin: Origin, identity: PatientAddress
    ) -> None:
        channel = Channel.CONSOLE if origin.channel == Channel.CONSOLE else Channel.API
        await answered_at_once(uow, clinic, right, channel, self.names.patient(identity), self.clock.now())

    async def retention(self, clinic_id: ClinicId) -> Retention:
        return (await self._clinic(clinic_id)).privacy.retention

    async def _clinic(self, clinic_id: ClinicId) -> Clinic:
        clinic = await self.clinics.get(clinic_id)
        if clinic is None:
            raise UnknownClinic(f"no clinic {clinic_id!r}")
        return clinic

    async def _record(
        self, clinic_id: ClinicId, patient: PatientAddress, origin: Origin, action: AuditAction, detail: str
    ) -> None:
        await self.audit.record(
            AuditEntry(
                clinic_id=clinic_id,
                at=self.clock.now(),
                actor=origin.actor,
                action=action,
                channel=origin.channel,
                client=origin.client,
                target=self.names.patient(patient),
                detail=detail,
            )
        )
