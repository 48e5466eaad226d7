"""``/api/v1/bot`` and ``/api/v1/blocked-numbers``: what staff switch for the whole clinic."""

from __future__ import annotations

from litestar import Controller, delete, get, post, put
from litestar.di import NamedDependency

from application.ports import AuditAction
from application.staff import UnknownConversation
from domain.ids import ClinicId
from domain.staff import Permission
from entrypoints.api.dependencies import Audits, Caller, Marks, Switches
from entrypoints.api.errors import ANY, UNKNOWN
from entrypoints.api.schemas import Blocked, Bot, PatientPath
from entrypoints.patient_paths import patient_of
from entrypoints.roles import PERMISSION


class ClinicBot(Controller):
    path = "/bot"

    @get("/", summary="Whether the bot answers the clinic's patients", responses=ANY)
    async def bot(self, clinic_id: NamedDependency[str], switches: Switches) -> Bot:
        return Bot(await switches.bot_enabled(ClinicId(clinic_id)))

    @post(
        "/pause",
        status_code=200,
        summary="Stop the bot for every patient (messages are still recorded; an admin key)",
        responses=ANY,
        opt={PERMISSION: Permission.ADMINISTER},
    )
    async def pause_bot(
        self, clinic_id: NamedDependency[str], switches: Switches, caller: Caller, audit: Audits
    ) -> Bot:
        await switches.set_bot(ClinicId(clinic_id), enabled=False)
        await audit.record(caller, AuditAction.BOT_SWITCHED, detail="off")
        return Bot(enabled=False)

    @post(
        "/resume",
        status_code=200,
        summary="The bot answers again (an admin key)",
        responses=ANY,
        opt={PERMISSION: Permission.ADMINISTER},
    )
    async def resume_bot(
        self, clinic_id: NamedDependency[str], switches: Switches, caller: Caller, audit: Audits
    ) -> Bot:
        await switches.set_bot(ClinicId(clinic_id), enabled=True)
        await audit.record(caller, AuditAction.BOT_SWITCHED, detail="on")
        return Bot(enabled=True)


class BlockedNumbers(Controller):
    path = "/blocked-numbers"

    @get("/", summary="Numbers whose messages are recorded and never answered", responses=ANY)
    async def blocked(self, clinic_id: NamedDependency[str], switches: Switches) -> Blocked:
        return Blocked(await switches.blocked(ClinicId(clinic_id)))

    @put("/{patient:str}", status_code=200, summary="Block a number", responses=ANY)
    async def block(
        self,
        clinic_id: NamedDependency[str],
        switches: Switches,
        patient: PatientPath,
        caller: Caller,
        audit: Audits,
        marks: Marks,
    ) -> Blocked:
        number = patient_of(patient)
        await switches.block(ClinicId(clinic_id), number)
        await audit.record(caller, AuditAction.NUMBER_BLOCKED, marks.patient(number))
        return Blocked(await switches.blocked(ClinicId(clinic_id)))

    @delete("/{patient:str}", status_code=200, summary="Unblock a number staff blocked", responses=UNKNOWN)
    async def unblock(
        self,
        clinic_id: NamedDependency[str],
        switches: Switches,
        patient: PatientPath,
        caller: Caller,
        audit: Audits,
        marks: Marks,
    ) -> Blocked:
        number = patient_of(patient)
        if not await switches.unblock(ClinicId(clinic_id), number):
            raise UnknownConversation("staff have not blocked this number (the clinic's file may block it)")
        await audit.record(caller, AuditAction.NUMBER_UNBLOCKED, marks.patient(number))
        return Blocked(await switches.blocked(ClinicId(clinic_id)))
