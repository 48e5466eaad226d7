"""What the staff API's handlers are given, by name: the clinic the request's key opens, and the
container's staff services (Litestar's ``Provide``, each taken once, at the first request)."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotAuthorizedException
from litestar.params import SkipValidation

from application.audit import Audit, Origin
from application.patient_files import PatientFiles
from application.patient_rights import PatientRights
from application.ports import Actor, ActorKind
from application.pseudonyms import Pseudonyms
from application.staff import AgendaDesk, ClinicDesk, StaffDesk
from domain.ids import ClinicId
from domain.staff import require
from entrypoints.container import Container
from entrypoints.roles import permission_of
from entrypoints.sign_ins import SignInGuard

Desk = NamedDependency[SkipValidation[StaffDesk]]
Files = NamedDependency[SkipValidation[PatientFiles]]
Switches = NamedDependency[SkipValidation[ClinicDesk]]
Agenda = NamedDependency[SkipValidation[AgendaDesk]]
SignIns = NamedDependency[SkipValidation[SignInGuard]]
Caller = NamedDependency[SkipValidation[Origin]]
Audits = NamedDependency[SkipValidation[Audit]]
Marks = NamedDependency[SkipValidation[Pseudonyms]]
Rights = NamedDependency[SkipValidation[PatientRights]]


_CALLER = "api_caller"  # the request's state: the Origin of its key


async def clinic_of_key(request: Request[Any, Any, Any], sign_ins: SignIns) -> ClinicId:
    """The clinic whose API key the request carries (``Authorization: Bearer cf_...``), once its
    role allows the request (``Forbidden``: 403)."""
    scheme, _, key = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        raise NotAuthorizedException("a staff API key is required: Authorization: Bearer cf_...")
    client = request.client.host if request.client else None
    signed_in = await sign_ins.sign_in(key.strip(), client, "api")
    if signed_in is None:
        raise NotAuthorizedException("unknown or revoked API key")
    require(signed_in.role, permission_of(request))
    actor = Actor(ActorKind.API_KEY, signed_in.key_id)
    request.state[_CALLER] = Origin(signed_in.clinic_id, actor, "api", client)
    return signed_in.clinic_id


async def caller_of(request: Request[Any, Any, Any], clinic_id: NamedDependency[str]) -> Origin:
    """Who acts, for the audit log: the request's key (after ``clinic_of_key`` let it in)."""
    origin: Origin = request.state[_CALLER]
    return origin


def dependencies(container: Container) -> dict[str, Provide]:
    """The staff API's dependencies. Services are taken from the container at the first request,
    so tests may override its providers after building the app."""
    return {
        "clinic_id": Provide(clinic_of_key),
        "caller": Provide(caller_of),
        "audit": Provide(lambda: container.audit(), use_cache=True, sync_to_thread=False),
        "marks": Provide(lambda: container.pseudonyms(), use_cache=True, sync_to_thread=False),
        "sign_ins": Provide(lambda: container.sign_ins(), use_cache=True, sync_to_thread=False),
        "desk": Provide(lambda: container.staff_desk(), use_cache=True, sync_to_thread=False),
        "switches": Provide(lambda: container.clinic_desk(), use_cache=True, sync_to_thread=False),
        "agenda": Provide(lambda: container.agenda_desk(), use_cache=True, sync_to_thread=False),
        "files": Provide(lambda: container.patient_files(), use_cache=True, sync_to_thread=False),
        "rights": Provide(lambda: container.patient_rights(), use_cache=True, sync_to_thread=False),
    }
