"""``/api/v1/patients``: a patient's rights at the desk (issue 24): the full copy of what is kept
about them, their name corrected, their data erased. Each is audited, with the key that asked."""

from __future__ import annotations

from litestar import Controller, get, patch, post
from litestar.di import NamedDependency
from litestar.params import JSONBody
from litestar.status_codes import HTTP_404_NOT_FOUND

from domain.ids import ClinicId
from domain.staff import Permission
from entrypoints.api.dependencies import Caller, Rights, Switches
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
from entrypoints.roles import PERMISSION


class Patients(Controller):
    path = "/patients"

    @get(
        "/{patient:str}/export",
        summary="Everything kept about a patient (the right of access; a reception or admin key)",
        responses=UNKNOWN,
        opt={PERMISSION: Permission.WORK},
    )
    async def export(
        self,
        caller: Caller,
        clinic_id: NamedDependency[str],
        rights: Rights,
        switches: Switches,
        patient: PatientPath,
    ) -> PatientExport:
        clinic = ClinicId(clinic_id)
        found = await rights.export(clinic, patient_of(patient), caller)
        return export_out(found, await switches.timezone(clinic), await rights.retention(clinic))

    @patch("/{patient:str}", summary="Correct the name kept for a patient (rectification)", responses=UNKNOWN)
    async def rectify(
        self,
        caller: Caller,
        clinic_id: NamedDependency[str],
        rights: Rights,
        patient: PatientPath,
        data: JSONBody[Rectification],
    ) -> Rectified:
        address = patient_of(patient)
        name = await rights.rectify(ClinicId(clinic_id), address, data.name, caller)
        return Rectified(patient_path(address), name)

    @post(
        "/{patient:str}/erasure",
        status_code=200,
        summary="Erase a patient: past visits stay as clinical records with no name or number (an admin key)",
        responses=refusals(HTTP_404_NOT_FOUND),
        opt={PERMISSION: Permission.ADMINISTER},
    )
    async def erase(
        self,
        caller: Caller,
        clinic_id: NamedDependency[str],
        rights: Rights,
        patient: PatientPath,
    ) -> ErasureOut:
        return erasure_out(await rights.erase(ClinicId(clinic_id), patient_of(patient), caller))
