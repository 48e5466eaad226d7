from datetime import timedelta

import pytest

from domain.privacy import InvalidPrivacySettings, PrivacyNotice, PrivacySettings, Retention
from tests.factories import clinic


def test_a_clinic_keeps_messages_90_days_and_clinical_records_15_years_unless_it_says_otherwise() -> None:
    retention = clinic().privacy.retention

    assert retention.messages == timedelta(days=90)
    assert retention.clinical_records == timedelta(days=15 * 365)


@pytest.mark.parametrize(
    "url", ["http://clinica.cl/privacidad", "clinica.cl/privacidad", "javascript:alert(1)"]
)
def test_the_notices_link_is_https_only(url: str) -> None:
    with pytest.raises(InvalidPrivacySettings, match="https"):
        PrivacyNotice(version="2", url=url)


def test_a_notice_needs_a_version_and_retention_at_least_a_day() -> None:
    with pytest.raises(InvalidPrivacySettings, match="version"):
        PrivacyNotice(version=" ")
    with pytest.raises(InvalidPrivacySettings, match="messages"):
        PrivacySettings(retention=Retention(messages=timedelta(hours=1)))
