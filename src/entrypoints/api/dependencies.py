"""What the staff API's handlers are given, by name: the clinic the request's key opens, and the
container's staff services (Litestar's ``Provide``, each taken once, at the first request)."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotAuthorizedException
from litestar.params import SkipValidation

from application.patient_files import PatientFiles
from application.patient_rights import PatientRights
from application.staff import AgendaDesk, ClinicDesk, StaffDesk
from domain.ids import ClinicId
from entrypoints.container import Container
from entrypoints.sign_ins import SignInGuard

Desk = NamedDependency[SkipValidation[StaffDesk]]
Files = NamedDependency[SkipValidation[PatientFiles]]
Switches = NamedDependency[SkipValidation[ClinicDesk]]
Agenda = NamedDependency[SkipValidation[AgendaDesk]]
SignIns = NamedDependency[SkipValidation[SignInGuard]]
Rights = NamedDependency[SkipValidation[PatientRights]]


async def clinic_of_key(request: Request[Any, Any, Any], sign_ins: SignIns) -> ClinicId:
    """The clinic whose API key the request carries (``Authorization: Bearer cf_...``)."""
    scheme, _, key = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        raise NotAuthorizedException("a staff API key is required: Authorization: Bearer cf_...")
    client = request.client.host if request.client else None
    signed_in = await sign_ins.sign_in(key.strip(), client, "api")
    if signed_in is None:
        raise NotAuthorizedException("unknown or revoked API key")
    return signed_in.clinic_id


def dependencies(container: Container) -> dict[str, Provide]:
    """The staff API's dependencies. Services are taken from the container at the first request,
    so tests may override its providers after building the app."""
    return {
        "clinic_id": Provide(clinic_of_key),
        "sign_ins": Provide(lambda: container.sign_ins(), use_cache=True, sync_to_thread=False),
        "desk": Provide(lambda: container.staff_desk(), use_cache=True, sync_to_thread=False),
        "switches": Provide(lambda: container.clinic_desk(), use_cache=True, sync_to_thread=False),
        "agenda": Provide(lambda: container.agenda_desk(), use_cache=True, sync_to_thread=False),
        "files": Provide(lambda: container.patient_files(), use_cache=True, sync_to_thread=False),
        "rights": Provide(lambda: container.patient_rights(), use_cache=True, sync_to_thread=False),
    }
