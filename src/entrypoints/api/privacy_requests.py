"""``/api/v1/privacy-requests``: the register of patients' requests about their data (issue 24),
with each one's legal deadline; staff list the pending ones, take one received at the desk, and
mark one answered."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import JSONBody, Parameter, PathParameter

from domain.ids import ClinicId
from entrypoints.api.dependencies import Caller, Rights
from entrypoints.api.errors import ANY, UNKNOWN
from entrypoints.api.patient_schemas import NewPrivacyRequest, PrivacyRequestOut, request_out
from entrypoints.patient_paths import patient_of

RequestPath = Annotated[str, PathParameter(description="the request's id")]


class PrivacyRequests(Controller):
    path = "/privacy-requests"

    @get(
        "/",
        summary="Requests about patients' data: pending ones, the soonest due first (or all, latest first)",
        responses=ANY,
    )
    async def pending(
        self,
        clinic_id: NamedDependency[str],
        rights: Rights,
        pending: Annotated[bool, Parameter(description="only those not yet answered")] = True,
    ) -> list[PrivacyRequestOut]:
        return [request_out(r) for r in await rights.requests(ClinicId(clinic_id), pending=pending)]

    @post(
        "/",
        status_code=201,
        summary="Take a request received at the desk: pending until answered",
        responses=UNKNOWN,
    )
    async def register(
        self,
        caller: Caller,
        clinic_id: NamedDependency[str],
        rights: Rights,
        data: JSONBody[NewPrivacyRequest],
    ) -> PrivacyRequestOut:
        taken = await rights.register(ClinicId(clinic_id), patient_of(data.patient), data.kind, caller)
        return request_out(taken)

    @post("/{request_id:str}/answered", status_code=200, summary="Mark a request answered", responses=UNKNOWN)
    async def answered(
        self,
        caller: Caller,
        clinic_id: NamedDependency[str],
        rights: Rights,
        request_id: RequestPath,
    ) -> PrivacyRequestOut:
        return request_out(await rights.answer(ClinicId(clinic_id), request_id, caller))
