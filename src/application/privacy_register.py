"""Writing patients' requests about their data into the register (issue 24), with the deadline
the clinic's law gives (``domain.privacy_requests``); and the worker's warning as one draws near.

A request answered at once (a summary by chat, an erasure confirmed, a name corrected, an
opt-out, a copy staff exported) is written answered; one staff take at the desk waits in the
register until they mark it answered. The worker's warning names a request by its id, clinic,
right and due date: no personal data goes to the log.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from application.ports import Clock, UnitOfWork, UnitOfWorkFactory
from domain.clinic import Clinic
from domain.ids import PatientAddress
from domain.privacy_requests import WARN_BEFORE, Channel, PrivacyRequest, Right, country_of, due_on

log = logging.getLogger(__name__)


def new_request(
    clinic: Clinic,
    right: Right,
    channel: Channel,
    patient: str,
    now: datetime,
    *,
    address: PatientAddress | None = None,
    answered: bool = False,
) -> PrivacyRequest:
    """A request received ``now``, due as the clinic's country's law says."""
    return PrivacyRequest(
        id=str(uuid.uuid4()),
        clinic_id=clinic.id,
        right=right,
        channel=channel,
        patient=patient,
        received_at=now,
        due=due_on(country_of(clinic.locale), right, clinic.today(now)),
        address=address,
        answered_at=now if answered else None,
    )


async def answered_at_once(
    uow: UnitOfWork, clinic: Clinic, right: Right, channel: Channel, patient: str, now: datetime
) -> None:
    """Record a request that was answered as it came (by chat, or staff acting on it at once)."""
    await uow.privacy_requests.add(new_request(clinic, right, channel, patient, now, answered=True))


@dataclass(frozen=True)
class WarnOfDeadlines:
    """The worker's periodic check: a warning for each pending request within
    ``domain.privacy_requests.WARN_BEFORE`` of its deadline, or past it."""

    unit_of_work: UnitOfWorkFactory
    clock: Clock

    async def __call__(self) -> list[PrivacyRequest]:
        # The UTC day: a day either side of a clinic's own is well inside the warning's three.
        today = self.clock.now().astimezone(UTC).date()
        async with self.unit_of_work() as uow:
            near = await uow.privacy_requests.due_by(today + WARN_BEFORE)
        for request in near:
            late = request.due < today
            log.warning(
                "privacy request %s of clinic %s (%s) is %s on %s",
                request.id,
                request.clinic_id,
                request.right.value,
                "overdue since" if late else "due",
                request.due.isoformat(),
            )
        return near
