"""What the staff API and the staff console share: the container's staff services, and how a
patient is written in a URL (``56911112222``, ``+56911112222`` or ``user_id:...``)."""

from __future__ import annotations

import re
from functools import cached_property

from application.ports import ClinicDirectory, Clock
from application.staff import AgendaDesk, ClinicDesk, InvalidRequest, StaffAccess, StaffDesk
from domain.ids import AddressKind, PatientAddress
from entrypoints.container import Container

_PHONE = re.compile(r"\+?([0-9]{6,15})")  # ASCII digits: \d takes any script's
_USER_ID_PREFIX = "user_id:"
_MAX_USER_ID = 128  # Meta's business-scoped ids are a country code, a dot and some twenty digits


def patient_of(path_value: str) -> PatientAddress:
    """A conversation's patient from its URL: ``56911112222`` (or ``+56...``), or ``user_id:...``."""
    if path_value.startswith(_USER_ID_PREFIX):
        user_id = path_value.removeprefix(_USER_ID_PREFIX)
        spaced = any(c.isspace() for c in user_id)
        if spaced or not (0 < len(user_id) <= _MAX_USER_ID and user_id.isprintable()):
            raise InvalidRequest(f"a user_id is 1 to {_MAX_USER_ID} printable characters without spaces")
        return PatientAddress(user_id, AddressKind.USER_ID)
    match = _PHONE.fullmatch(path_value)
    if match is None:
        raise InvalidRequest("a patient is a phone number in international format (digits) or user_id:...")
    return PatientAddress(match[1])


def patient_path(patient: PatientAddress) -> str:
    return patient.value if patient.kind is AddressKind.PHONE else _USER_ID_PREFIX + patient.value


class StaffServices:
    """The container's staff services, taken at the first request (tests override providers first)."""

    def __init__(self, container: Container) -> None:
        self._container = container

    @cached_property
    def access(self) -> StaffAccess:
        return self._container.staff_access()

    @cached_property
    def desk(self) -> StaffDesk:
        return self._container.staff_desk()

    @cached_property
    def clinic(self) -> ClinicDesk:
        return self._container.clinic_desk()

    @cached_property
    def agenda(self) -> AgendaDesk:
        return self._container.agenda_desk()

    @cached_property
    def clinics(self) -> ClinicDirectory:
        directory: ClinicDirectory = self._container.clinics()
        return directory

    @cached_property
    def clock(self) -> Clock:
        clock: Clock = self._container.clock()
        return clock
