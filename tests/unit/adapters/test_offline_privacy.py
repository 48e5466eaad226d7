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


@pytest.mark.parametrize(
    ("text", "ask"),
    [
        ("please delete my data", PrivacyAsk.ERASURE),
        ("Delete all my personal data", PrivacyAsk.ERASURE),
        ("I want you to erase my information", PrivacyAsk.ERASURE),
        ("right to be forgotten", PrivacyAsk.ERASURE),
        ("quero que apaguem meus dados", PrivacyAsk.ERASURE),
        ("excluir todos os meus dados", PrivacyAsk.ERASURE),
        ("apague minhas informações", PrivacyAsk.ERASURE),
        ("my name is wrong", PrivacyAsk.RECTIFICATION),
        ("my name is spelled wrong on the booking", PrivacyAsk.RECTIFICATION),
        ("please fix my name", PrivacyAsk.RECTIFICATION),
        ("meu nome está errado", PrivacyAsk.RECTIFICATION),
        ("vcs podem corrigir meu nome?", PrivacyAsk.RECTIFICATION),
        ("what data do you have on me", PrivacyAsk.ACCESS),
        ("what personal information do you keep?", PrivacyAsk.ACCESS),
        ("can I get a copy of my data", PrivacyAsk.ACCESS),
        ("quais dados vocês têm de mim", PrivacyAsk.ACCESS),
        ("quero ver meus dados", PrivacyAsk.ACCESS),
    ],
)
def test_the_same_requests_are_heard_in_english_and_portuguese(text: str, ask: PrivacyAsk) -> None:
    assert OfflinePrivacyReader().read(text) is ask


@pytest.mark.parametrize(
    "text",
    [
        "don't delete my data",
        "my name is John Smith",
        "delete my appointment",
        "can you change my appointment",
        "apagar a consulta",
        "não apaguem meus dados",
        "meu nome é Maria",
    ],
)
def test_english_and_portuguese_words_about_something_else_are_no_request(text: str) -> None:
    assert OfflinePrivacyReader().read(text) is None
