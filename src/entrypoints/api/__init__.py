"""The staff API under ``/api/v1``: a clinic's staff see their conversations, take one over, answer
as the clinic and hand it back to the bot, keep the agenda and switch the bot. Every request
carries a clinic's API key (``Authorization: Bearer cf_...``); a key opens its own clinic's data
and nothing else.

One module per resource (``conversations``, ``clinic``, ``appointments``), each a ``Controller``;
what they are given is in ``dependencies``, what they answer in ``schemas``, how they refuse in
``errors``.
"""

from __future__ import annotations

from litestar import Router
from litestar.openapi.spec import Components, SecurityScheme

from entrypoints.api.appointments import Appointments
from entrypoints.api.clinic import BlockedNumbers, ClinicBot
from entrypoints.api.conversations import Conversations
from entrypoints.api.dependencies import dependencies
from entrypoints.api.errors import EXCEPTION_HANDLERS
from entrypoints.api.patients import Patients
from entrypoints.api.privacy_requests import PrivacyRequests
from entrypoints.container import Container

SECURITY_SCHEME = "StaffApiKey"
SECURITY_COMPONENTS = Components(
    security_schemes={
        SECURITY_SCHEME: SecurityScheme(
            type="http",
            scheme="bearer",
            description="A clinic's staff API key (`clinicflow staff-key create CLINIC`).",
        )
    }
)


def staff_api(container: Container) -> Router:
    return Router(
        path="/api/v1",
        route_handlers=[Conversations, ClinicBot, BlockedNumbers, Appointments, Patients, PrivacyRequests],
        dependencies=dependencies(container),
        security=[{SECURITY_SCHEME: []}],
        tags=["staff"],
        exception_handlers=EXCEPTION_HANDLERS,
    )
