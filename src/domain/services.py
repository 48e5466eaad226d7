"""What a clinic sells: services with their own length, price, doctors and preparation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from domain.errors import InvalidClinic
from domain.ids import DoctorId, ServiceId


@dataclass(frozen=True, slots=True)
class Price:
    """What a service costs: an amount in an ISO 4217 currency, or the least it costs (``from_price``)."""

    amount: Decimal
    currency: str
    from_price: bool = False

    def __post_init__(self) -> None:
        if self.amount < 0:
            raise InvalidClinic("a price cannot be negative")
        if len(self.currency) != 3 or not self.currency.isalpha() or not self.currency.isupper():
            raise InvalidClinic(f"{self.currency!r} is not an ISO 4217 currency code like CLP or MXN")


@dataclass(frozen=True, slots=True)
class Service:
    """One kind of visit: "Limpieza", 60 minutes, from $35.000, by these doctors.

    ``duration`` None takes each doctor's slot length (the clinic's plain visit). ``doctor_ids``
    empty means every doctor of the clinic. ``synonyms`` are the words patients use for it;
    ``preparation`` what they must know before coming; ``bookable`` False means a person must
    talk to the patient first, so the bot never books it.
    """

    id: ServiceId
    name: str
    duration: timedelta | None = None
    synonyms: tuple[str, ...] = ()
    price: Price | None = None
    doctor_ids: tuple[DoctorId, ...] = ()
    preparation: str = ""
    bookable: bool = True

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise InvalidClinic(f"service {self.id}: the name cannot be blank")
        if self.duration is not None and self.duration <= timedelta(0):
            raise InvalidClinic(f"service {self.id}: the duration must be positive")
        if len(set(self.doctor_ids)) != len(self.doctor_ids):
            raise InvalidClinic(f"service {self.id}: a doctor is listed twice")

    def done_by(self, doctor_id: DoctorId) -> bool:
        return not self.doctor_ids or doctor_id in self.doctor_ids

    def length(self, slot_length: timedelta) -> timedelta:
        """How long it takes with a doctor whose plain visit lasts ``slot_length``."""
        return self.duration if self.duration is not None else slot_length
