"""Each country's deadline to answer a patient's request about their data (issue 24)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.ids import ClinicId
from domain.privacy_requests import Channel, PrivacyRequest, Right, country_of, due_on

FRIDAY = date(2026, 12, 4)
MONDAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("country", "right", "received", "due"),
    [
        ("CL", Right.ERASURE, MONDAY, date(2026, 12, 21)),  # 15 business days
        ("CL", Right.ACCESS, FRIDAY, date(2026, 12, 25)),  # weekends are not counted
        ("MX", Right.ACCESS, MONDAY, date(2026, 12, 20)),  # 20 days
        ("ES", Right.ERASURE, date(2026, 1, 31), date(2026, 2, 28)),  # one month, to the month's end
        ("FR", Right.ACCESS, MONDAY, date(2026, 12, 30)),  # the GDPR's month, as Spain
        ("AR", Right.ACCESS, MONDAY, date(2026, 12, 10)),  # 10 calendar days
        ("AR", Right.RECTIFICATION, FRIDAY, date(2026, 12, 11)),  # 5 business days
        ("CO", Right.ACCESS, MONDAY, date(2026, 12, 14)),  # a query: 10 business days
        ("CO", Right.ERASURE, MONDAY, date(2026, 12, 21)),  # a claim: 15 business days
        ("PE", Right.ACCESS, MONDAY, date(2026, 12, 28)),  # 20 business days
        ("PE", Right.OBJECTION, MONDAY, date(2026, 12, 14)),  # 10 business days
    ],
)
def test_each_countrys_law_sets_the_deadline(country: str, right: Right, received: date, due: date) -> None:
    assert due_on(country, right, received) == due


def test_a_clinic_of_no_known_country_gets_the_strictest_deadline() -> None:
    for right in Right:
        strictest = min(due_on(c, right, MONDAY) for c in ("CL", "MX", "ES", "AR", "CO", "PE"))
        assert due_on(None, right, MONDAY) == due_on("UY", right, MONDAY) == strictest
    assert due_on(None, Right.RECTIFICATION, MONDAY) == date(2026, 12, 7)  # Argentina's 5 business days


def test_the_country_comes_from_the_clinics_locale() -> None:
    assert country_of("es-MX") == "MX"
    assert country_of("es") is None


def test_a_pending_request_warns_three_days_before_its_deadline_and_after() -> None:
    request = PrivacyRequest(
        "r1",
        ClinicId("sonrisa"),
        Right.ERASURE,
        Channel.API,
        "0" * 32,
        datetime(2026, 11, 30, tzinfo=UTC),
        FRIDAY,
    )
    assert not request.needs_warning(date(2026, 11, 30))
    assert request.needs_warning(date(2026, 12, 1))
    assert request.needs_warning(date(2026, 12, 10))
    assert not request.answered(datetime(2026, 12, 1, tzinfo=UTC)).needs_warning(date(2026, 12, 10))
