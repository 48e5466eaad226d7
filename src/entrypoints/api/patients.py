"""``/api/v1/patients``: a patient's rights at the desk (issue 24): the full copy of what is kept
about them, their name corrected, their data erased. Each is audited, with the key that asked."""

from __future__ import annotations

import re
from typing import Any

from litestar import Controller, Request, get, patch, post
from litestar.di import NamedDependency
from litestar.params import JSONBody
from litestar.status_codes import HTTP_404_NOT_FOUND

from application.patient_rights import Desk
from application.ports import Actor, ActorKind
from domain.ids import ClinicId
from entrypoints.api.dependencies import Rights, Switches
from entrypoints.api.errors import UNKNOWN, refusals
from entrypoints.api.patient_schemas import (
    ErasureOut,
    PatientExport,
    Rectification,
    Rectified,
    erasure_out,
    export_out,
)
from entrypoints.api.schemas import PatientPath
from entrypoints.patient_paths import patient_of, patient_path

# A key names itself: cf_<key id>_<secret>. The id is no secret (``staff-key list`` shows it).
_KEY_ID = re.compile(r"Bearer\s+cf_([0-9a-f]{16})_", re.IGNORECASE)


def desk_of(request: Request[Any, Any, Any]) -> Desk:
    """Who asks, for the audit log: the API key's id (never the key) and the client's address."""
    named = _KEY_ID.match(request.headers.get("authorization", ""))
    client = request.client.host if request.client else None
    return Desk(Actor(ActorKind.API_KEY, named[1] if named else "unnamed"), "api", client)


class Patients(Controller):
    path = "/patients"

    @get(
        "/{patient:str}/export",
        summary="Everything kept about a patient (the right of access)",
        responses=UNKNOWN,
    )
    async def export(
        self,
        request: Request[Any, Any, Any],
        clinic_id: NamedDependency[str],
        rights: Rights,
        switches: Switches,
        patient: PatientPath,
    ) -> PatientExport:
        clinic = ClinicId(clinic_id)
        found = await rights.export(clinic, patient_of(patient), desk_of(request))
        return export_out(found, await switches.timezone(clinic), await rights.retention(clinic))

    @patch("/{patient:str}", summary="Correct the name kept for a patient (rectification)", responses=UNKNOWN)
    async def rectify(
        self,
        request: Request[Any, Any, Any],
        clinic_id: NamedDependency[str],
        rights: Rights,
        patient: PatientPath,
        data: JSONBody[Rectification],
    ) -> Rectified:
        address = patient_of(patient)
        name = await rights.rectify(ClinicId(clinic_id), address, data.name, desk_of(request))
        return Rectified(patient_path(address), name)

    @post(
        "/{patient:str}/erasure",
        status_code=200,
        summary="Erase a patient: past visits stay as clinical records with no name or number",
        responses=refusals(HTTP_404_NOT_FOUND),
    )
    async def erase(
        self,
        request: Request[Any, Any, Any],
        clinic_id: NamedDependency[str],
        rights: Rights,
        patient: PatientPath,
    ) -> ErasureOut:
        return erasure_out(await rights.erase(ClinicId(clinic_id), patient_of(patient), desk_of(request)))
