"""Intake on in-memory adapters: a delivery routed to its clinics, its messages recorded once, its
receipts recorded, and nothing answered."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from adapters.memory.clinics import InMemoryClinicDirectory
from adapters.memory.clock import FixedClock
from adapters.memory.inbox import InMemoryInbox
from adapters.memory.outbound import InMemoryOutboundLog
from adapters.memory.store import InMemoryUnitOfWorkFactory
from application.delivery_reports import RecordDeliveryReports
from application.intake import Intake
from application.messages import OUTSIDE_SERVICE_WINDOW, DeliveryReport, DeliveryState, InboundMessage
from domain.ids import ClinicId
from tests.factories import clinic, doctor
from tests.unit.application.conftest import ANA, NOW

SONRISA = clinic(doctor("perez"))


@dataclass
class Delivery:
    """A channel's decoded delivery: messages to business numbers, and receipts."""

    to: dict[str, list[str]]  # business number -> message ids sent to it
    receipts: list[DeliveryReport] = field(default_factory=list)

    def business_numbers(self) -> set[str]:
        return set(self.to)

    def messages(self, clinics: Mapping[str, ClinicId]) -> list[InboundMessage]:
        return [
            InboundMessage.text_message(message_id, clinics[number], ANA, NOW, "hola")
            for number, ids in self.to.items()
            if number in clinics
            for message_id in ids
        ]

    def reports(self) -> list[DeliveryReport]:
        return self.receipts


def intake(store: InMemoryUnitOfWorkFactory) -> Intake:
    clock = FixedClock(NOW)
    reports = RecordDeliveryReports(InMemoryOutboundLog(), clock=clock)
    return Intake(InMemoryClinicDirectory([SONRISA]), InMemoryInbox(store.store.inbox), reports, clock)


async def test_a_delivery_is_routed_to_its_clinic_and_recorded_once() -> None:
    store = InMemoryUnitOfWorkFactory()
    ours = SONRISA.phone_number_id
    recorded = await intake(store).record(Delivery({ours: ["wamid.1", "wamid.2"], "999": ["wamid.x"]}))
    assert [m.id for m in recorded.accepted] == ["wamid.1", "wamid.2"]  # the unknown number's skipped
    assert all(m.clinic_id == SONRISA.id for m in recorded.accepted)
    assert recorded.redelivered == 0
    again = await intake(store).record(Delivery({ours: ["wamid.2", "wamid.3"]}))
    assert [m.id for m in again.accepted] == ["wamid.3"]
    assert again.redelivered == 1
    assert store.store.sessions == {}  # nothing is answered at intake
    # Waiting for a turn: the sweep finds them once nobody took them up.
    assert await InMemoryInbox(store.store.inbox).waiting(NOW + timedelta(hours=1), 10) == [(SONRISA.id, ANA)]


async def test_receipts_are_recorded_and_a_refusal_of_a_message_not_ours_resends_nothing() -> None:
    refused = DeliveryReport("wamid.out.1", DeliveryState.FAILED, NOW, error_code=OUTSIDE_SERVICE_WINDOW)
    read = DeliveryReport("wamid.out.2", DeliveryState.READ, NOW)
    recorded = await intake(InMemoryUnitOfWorkFactory()).record(Delivery({}, [read, refused]))
    assert recorded.accepted == []
    assert recorded.resent == []
