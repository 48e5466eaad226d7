"""How *Solicitudes* shows a request: its kind and channel in Spanish, its dates in the clinic's
zone, "vence pronto" within ``WARN_BEFORE`` of its deadline, "vencida" past it, and "paciente
borrado" once only the keyed hash remains."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from adapters.clinic_config.toml_file import load_demo_clinic
from domain.ids import PatientAddress
from domain.privacy_requests import Channel, PrivacyRequest, Right
from entrypoints.console.privacy import request_row

SONRISA = load_demo_clinic()  # America/Santiago
TODAY = date(2026, 11, 30)


def request(due: date, **changes: Any) -> PrivacyRequest:
    return replace(
        PrivacyRequest(
            id="r1",
            clinic_id=SONRISA.id,
            right=Right.ERASURE,
            channel=Channel.WHATSAPP,
            patient="hash",
            received_at=datetime(2026, 11, 10, 2, 30, tzinfo=UTC),  # the 9th, in Santiago
            due=due,
            address=PatientAddress("56911112222"),
        ),
        **changes,
    )


@pytest.mark.parametrize(
    ("days_left", "state"),
    [(4, ""), (3, "vence pronto"), (0, "vence pronto"), (-1, "vencida")],
)
def test_a_pending_request_is_marked_as_its_deadline_nears_and_passes(days_left: int, state: str) -> None:
    row = request_row(SONRISA, request(TODAY + timedelta(days=days_left)), TODAY)
    assert row.state == state
    assert row.pending


def test_a_row_says_the_request_in_spanish_with_the_clinics_dates() -> None:
    row = request_row(SONRISA, request(date(2026, 12, 1)), TODAY)
    assert (row.kind, row.channel, row.received, row.due) == (
        "Supresión",
        "WhatsApp",
        "09/11/2026",
        "01/12/2026",
    )
    assert (row.shown, row.path) == ("+56911112222", "56911112222")


def test_an_answered_request_says_when_and_is_never_overdue() -> None:
    answered = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    row = request_row(SONRISA, request(date(2026, 11, 1), answered_at=answered), TODAY)
    assert (row.state, row.state_class, row.pending) == ("respondida el 20/11/2026", "respondida", False)


def test_an_erased_patients_request_shows_no_number_and_links_nowhere() -> None:
    row = request_row(SONRISA, request(date(2026, 12, 1), address=None), TODAY)
    assert (row.shown, row.path) == ("paciente borrado", "")
