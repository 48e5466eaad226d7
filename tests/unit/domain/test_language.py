"""The languages a clinic serves, and the clinic as it speaks to one patient."""

from __future__ import annotations

from dataclasses import replace

import pytest

from domain.errors import InvalidClinic
from domain.language import Language, language_of, served
from tests.factories import clinic as make_clinic


def test_a_clinic_serves_spanish_alone_unless_its_file_says_otherwise() -> None:
    clinic = make_clinic()
    assert clinic.languages == (Language.SPANISH,)
    assert clinic.language is Language.SPANISH


@pytest.mark.parametrize("code", ["en", "EN", "en-US", "en_GB", " en "])
def test_a_language_is_read_from_its_code_with_or_without_a_country(code: str) -> None:
    assert language_of(code) is Language.ENGLISH


@pytest.mark.parametrize("code", ["fr", "", "english", "zz-ZZ"])
def test_a_language_the_bot_does_not_speak_is_refused_by_name(code: str) -> None:
    with pytest.raises(InvalidClinic, match="not a language the bot speaks"):
        language_of(code)


@pytest.mark.parametrize(
    "languages", [(), (Language.SPANISH, Language.ENGLISH, Language.SPANISH)], ids=["none", "twice"]
)
def test_a_list_of_languages_needs_one_and_none_twice(languages: tuple[Language, ...]) -> None:
    with pytest.raises(InvalidClinic):
        served(languages)
    with pytest.raises(InvalidClinic):
        replace(make_clinic(), languages=languages)


def test_the_clinic_speaks_a_patients_language_only_when_it_serves_it() -> None:
    clinic = replace(make_clinic(), languages=(Language.SPANISH, Language.ENGLISH))
    assert clinic.speaking(Language.ENGLISH).language is Language.ENGLISH
    assert clinic.speaking(Language.PORTUGUESE).language is Language.SPANISH
    assert clinic.speaking(None) is clinic
    assert clinic.speaking(Language.ENGLISH).speaking(None).language is Language.SPANISH


def test_a_clinic_cannot_be_made_to_speak_a_language_it_does_not_serve() -> None:
    with pytest.raises(InvalidClinic, match="does not serve"):
        replace(make_clinic(), speaks=Language.PORTUGUESE)
