"""The English and Brazilian Portuguese catalogs translate the whole source, and fit where it goes.

Unlike a Spanish regional catalog, which holds only what its country says otherwise, these are
complete: a text missing from them would reach an English or Portuguese patient in Spanish.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from string import Formatter

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from application import texts_es
from application.messages import MAX_BUTTON_TITLE, MAX_ROW_TITLE, ButtonsReply
from application.speech import DOMAIN, catalogs, speech, speech_for
from domain.clinic import Clinic
from domain.language import Language
from domain.locale import Register
from tests.factories import clinic

LOCALES = Path(str(catalogs()))
TEMPLATE = LOCALES / f"{DOMAIN}.pot"
# The catalog each language is read from, and the plural rule gettext has for it (Brazil counts
# 0 with 1: "0 dia", as CLDR's "one" for pt is 0..1).
CATALOGS = {
    Language.ENGLISH: ("en", "nplurals=2; plural=(n != 1);"),
    Language.PORTUGUESE: ("pt_BR", "nplurals=2; plural=(n > 1);"),
}
# Words that are the same in Portuguese and Spanish; everything else must read differently.
SAME_IN_ENGLISH = {(None, "{time}"), ("card", "{time}")}
SAME_IN_PORTUGUESE = SAME_IN_ENGLISH | {
    (None, " para {service}"),
    (None, "Aviso completo: {url}"),
    (None, "Cancelada: {what}"),
    (None, "Para: {name}"),
    (None, "{shortest} a {longest}"),
    ("button", "Cancelar"),
    ("button", "Confirmar"),
    ("button", "Reservar"),
    ("button", "Lista de espera"),
}
Key = tuple[str | None, str]


def _read(path: Path) -> Catalog:
    with path.open("rb") as text:
        return read_po(text)


def _path(language: Language) -> Path:
    return LOCALES / CATALOGS[language][0] / "LC_MESSAGES" / f"{DOMAIN}.po"


def _key(message: Message) -> Key:
    msgid = message.id[0] if isinstance(message.id, tuple) else message.id
    return (message.context, str(msgid))


def _texts(catalog: Catalog) -> Iterator[Message]:
    return (m for m in catalog if m.id)


def _ids(message: Message) -> tuple[str, ...]:
    return tuple(str(i) for i in message.id) if isinstance(message.id, tuple) else (str(message.id),)


def _strings(message: Message) -> tuple[str, ...]:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return tuple(str(s) for s in strings)


def _fields(text: str) -> set[str]:
    """The {placeholders} of a text, as str.format reads them (so a stray brace fails here)."""
    return {field for _, field, _, _ in Formatter().parse(text) if field is not None}


def _speaking(language: Language) -> Clinic:
    return replace(clinic(), languages=(Language.SPANISH, language)).speaking(language)


LANGUAGES = list(CATALOGS)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_of_the_source_is_translated(language: Language) -> None:
    template = {_key(m): m for m in _texts(_read(TEMPLATE))}
    catalog = {_key(m): m for m in _texts(_read(_path(language)))}
    assert set(template) - set(catalog) == set(), "texts not translated"
    assert set(catalog) - set(template) == set(), "texts the source no longer has"
    for key, message in catalog.items():
        assert not message.fuzzy, key
        assert all(s.strip() for s in _strings(message)), key
        assert _ids(message) == _ids(template[key]), key  # the plural's msgid too


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_translation_keeps_every_placeholder_and_adds_none(language: Language) -> None:
    for message in _texts(_read(_path(language))):
        ids, strings = _ids(message), _strings(message)
        if len(ids) == 1:
            assert _fields(strings[0]) == _fields(ids[0]), message.id
            continue
        for string in strings:  # a singular may say "a day" with no count; no form invents a field
            assert _fields(string) <= _fields(ids[0]) | _fields(ids[1]), message.id
        assert _fields(strings[-1]) == _fields(ids[1]), message.id


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_plural_forms_are_the_languages_and_every_plural_has_them_all(language: Language) -> None:
    catalog = _read(_path(language))
    assert catalog.plural_forms == CATALOGS[language][1]
    plurals = [m for m in _texts(catalog) if isinstance(m.id, tuple)]
    assert len(plurals) == len([m for m in _texts(_read(TEMPLATE)) if isinstance(m.id, tuple)])
    for message in plurals:
        assert len(_strings(message)) == catalog.num_plurals, message.id


def test_english_counts_one_apart_and_portuguese_counts_zero_with_one() -> None:
    english, portuguese = speech_for("en", Register.TU), speech_for("pt-BR", Register.TU)
    forms = ("{count} día", "{count} días")
    assert [english.ngettext(*forms, n).format(count=n) for n in (0, 1, 2)] == ["0 days", "1 day", "2 days"]
    assert [portuguese.ngettext(*forms, n).format(count=n) for n in (0, 1, 2)] == ["0 dia", "1 dia", "2 dias"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_spanish_punctuation_or_untranslated_copy_is_left(language: Language) -> None:
    same_allowed = SAME_IN_PORTUGUESE if language is Language.PORTUGUESE else SAME_IN_ENGLISH
    for message in _texts(_read(_path(language))):
        for string in _strings(message):
            assert not set(string) & set("¿¡«»ñ"), f"Spanish left in {string!r}"
        if _strings(message)[0] == _ids(message)[0]:
            assert _key(message) in same_allowed, f"not translated: {message.id!r}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_button_and_list_titles_fit_whatsapp(language: Language) -> None:
    """Every title under msgctxt "button" is a reply button's (20), a list's button (20) or a list
    row's (24: "Otra persona"), so 20 holds them all."""
    for message in _texts(_read(_path(language))):
        if message.context == "button":
            assert 0 < len(_strings(message)[0]) <= MAX_BUTTON_TITLE, _strings(message)[0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_day_and_time_fit_a_button_every_day_of_the_year(language: Language) -> None:
    """A slot button with its day ("Wed, Sep 30 10:30 PM") is cut at 20 characters by the code:
    the longest day and time of a whole year must not need it; a list row has 24."""
    speaking = _speaking(language)
    day, longest = date(2027, 1, 1), ""
    while day.year == 2027:
        for hour, minute in ((10, 30), (12, 45), (22, 15)):
            moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=speaking.timezone)
            title = f"{texts_es.short_day(speaking, day)} {texts_es.clock(speaking, moment)}"
            longest = max(longest, title, key=len)
        day += timedelta(days=1)
    assert len(longest) <= MAX_BUTTON_TITLE <= MAX_ROW_TITLE, longest


def test_speech_reads_the_english_catalog() -> None:
    english = speech_for("en", Register.TU)
    assert english("Esto no se puede deshacer.") == "This can't be undone."
    assert english("a las {time}").format(time="4:30 PM") == "at 4:30 PM"
    assert english.pgettext("button", "Agendar una cita") == "Book an appointment"
    day = english.date(date(2026, 12, 2), english.pgettext("date", "EEEE d 'de' MMMM"))
    assert day == "Wednesday, December 2"
    assert english.ngettext("una hora antes", "{count} horas antes", 2).format(count=2) == "2 hours before"


def test_speech_reads_the_brazilian_catalog() -> None:
    portuguese = speech_for("pt-BR", Register.TU)
    assert portuguese("Esto no se puede deshacer.") == "Isso não pode ser desfeito."
    assert portuguese("a las {time}").format(time="16:30") == "às 16:30"
    assert portuguese.pgettext("button", "Agendar una cita") == "Agendar consulta"
    day = portuguese.date(date(2026, 12, 2), portuguese.pgettext("date", "EEEE d 'de' MMMM"))
    assert day == "quarta-feira, 2 de dezembro"
    assert portuguese.ngettext("una hora antes", "{count} horas antes", 1) == "uma hora antes"


def test_a_clinic_speaking_english_or_portuguese_greets_in_that_language() -> None:
    english = texts_es.welcome(_speaking(Language.ENGLISH))
    portuguese = texts_es.welcome(_speaking(Language.PORTUGUESE))
    assert english.body.startswith("Hi! I'm the Clínica Dental Sonrisa assistant.")
    assert [b.title for b in english.buttons] == ["Book an appointment"]
    assert portuguese.body.startswith("Olá! Sou o assistente virtual da equipe Clínica Dental Sonrisa.")
    assert speech(_speaking(Language.PORTUGUESE)).register is Register.TU


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_day_a_patient_reads_has_no_spanish_around_it(language: Language) -> None:
    speaking = _speaking(language)
    today = date(2026, 11, 30)
    listed = texts_es.ask_day(speaking, [today, today + timedelta(days=1), date(2026, 12, 3)], today)
    assert isinstance(listed, ButtonsReply)
    expected = {
        Language.ENGLISH: "today (Monday, November 30); tomorrow (Tuesday, December 1); Thursday, December 3",
        Language.PORTUGUESE: "hoje (segunda-feira, 30 de novembro); amanhã (terça-feira, 1 de dezembro); "
        "quinta-feira, 3 de dezembro",
    }
    assert expected[language] in listed.body
    assert [b.title for b in listed.buttons] == {
        Language.ENGLISH: ["Mon, Nov 30", "Tue, Dec 1", "Thu, Dec 3"],
        Language.PORTUGUESE: ["seg, 30 de nov", "ter, 1 de dez", "qui, 3 de dez"],
    }[language]
