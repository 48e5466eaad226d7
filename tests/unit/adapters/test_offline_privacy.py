"""Requests about a patient's own data, recognised offline whatever the spelling (issue 24), and
what is not one left alone."""

from __future__ import annotations

import pytest

from adapters.offline_nlu.privacy import OfflinePrivacyReader
from application.ports import PrivacyAsk

READ = OfflinePrivacyReader()


@pytest.mark.parametrize(
    ("text", "ask"),
    [
        ("borrar mis datos", PrivacyAsk.ERASURE),
        ("eliminar mis datos", PrivacyAsk.ERASURE),
        ("borren mis datos", PrivacyAsk.ERASURE),
        ("quiero que eliminen mi información", PrivacyAsk.ERASURE),
        ("quiero que elimnen mi informasion", PrivacyAsk.ERASURE),
        ("elimina mis datos personales", PrivacyAsk.ERASURE),
        ("Derecho al olvido", PrivacyAsk.ERASURE),
        ("supriman mis datos", PrivacyAsk.ERASURE),
        ("BORREN MIS DATOZ", PrivacyAsk.ERASURE),
        ("olvídenme", PrivacyAsk.ERASURE),
        ("ejerzo mi derecho de supresión", PrivacyAsk.ERASURE),
        ("qué datos tienen de mí", PrivacyAsk.ACCESS),
        ("mis datos", PrivacyAsk.ACCESS),
        ("Mis datos personales por favor", PrivacyAsk.ACCESS),
        ("quiero ver mis datos", PrivacyAsk.ACCESS),
        ("hola, quiero saber qué información tienen sobre mí", PrivacyAsk.ACCESS),
        ("derecho de acceso", PrivacyAsk.ACCESS),
        ("me equivoqué en mi nombre", PrivacyAsk.RECTIFICATION),
        ("me equivoke en mi nonbre", PrivacyAsk.RECTIFICATION),
        ("cambiar mi nombre", PrivacyAsk.RECTIFICATION),
        ("mi nombre está mal", PrivacyAsk.RECTIFICATION),
        ("mi nombre esta mal escrito", PrivacyAsk.RECTIFICATION),
        ("quiero corregir mis datos", PrivacyAsk.RECTIFICATION),
    ],
)
def test_a_request_is_recognised_as_patients_write_it(text: str, ask: PrivacyAsk) -> None:
    assert READ.read(text) is ask


@pytest.mark.parametrize(
    "text",
    [
        "quiero borrar mi cita",
        "cancelar mi cita",
        "borren mi número",  # an opt-out, as before
        "no borren mis datos",
        "quiero una cita mañana",
        "me llamo Ana",
        "mi nombre es Ana López",
        "cambia el nombre de la cita",
        "los datos de mi seguro",
        "mañana a las 4",
    ],
)
def test_what_is_not_such_a_request_is_left_to_the_usual_reading(text: str) -> None:
    assert READ.read(text) is None
