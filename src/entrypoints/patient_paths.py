"""How the staff API and the staff console write a patient in a URL: ``56911112222`` (or
``+56911112222``), or ``user_id:...`` for a patient known by user id."""

from __future__ import annotations

import re

from application.staff import InvalidRequest
from domain.ids import AddressKind, PatientAddress

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
