"""``/console/lista-espera``: the patients waiting for a freed time, first come first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import SkipValidation
from litestar.response import Template

from application.waitlist import WaitlistBoard
from domain.clinic import Clinic
from domain.staff import Permission
from domain.waitlist import WaitlistEntry
from domain.when import DayPart
from entrypoints.console.signed_in import Staff, Time, page_context
from entrypoints.console.views import day_title
from entrypoints.patient_paths import patient_path
from entrypoints.roles import PERMISSION

Board = NamedDependency[SkipValidation[WaitlistBoard]]

_PARTS = {DayPart.MORNING: "en la mañana", DayPart.AFTERNOON: "en la tarde", DayPart.EVENING: "en la noche"}


@dataclass(frozen=True, slots=True)
class WaitingRow:
    name: str  # whom the visit is for, as the patient said it
    path: str  # their conversation
    service: str
    doctor: str
    wanted: str  # "Martes 01/12, 16:00", "Hoy, lunes 30/11, en la tarde"
    since: str  # "30/11 09:12"


def waiting_row(clinic: Clinic, entry: WaitlistEntry, now: datetime) -> WaitingRow:
    want = entry.want
    today = clinic.today(now)
    wanted = day_title(want.day, today)
    if want.at is not None:
        wanted += f", {want.at:%H:%M}"
    elif want.part is not None:
        wanted += f", {_PARTS[want.part]}"
    service = clinic.service_for(want.service_id, want.doctor_id)
    doctor = clinic.doctor(want.doctor_id)
    return WaitingRow(
        name=entry.person_name or "(sin nombre todavía)",
        path=patient_path(entry.patient),
        service=service.name if service is not None else "Consulta",
        doctor=doctor.name if doctor is not None else "Cualquiera",
        wanted=wanted,
        since=clinic.local(entry.created_at).strftime("%d/%m %H:%M"),
    )


class WaitlistPages(Controller):
    path = "/"

    @get("/lista-espera", name="console_waitlist", opt={PERMISSION: Permission.SEE})
    async def waitlist(
        self, request: Request[Any, Any, Any], staff: Staff, board: Board, clock: Time
    ) -> Template:
        now = clock.now()
        rows = [waiting_row(staff.clinic, e, now) for e in await board.waiting(staff.clinic)]
        return Template("waitlist.html", context=page_context(staff, "waitlist", request, rows=rows))
