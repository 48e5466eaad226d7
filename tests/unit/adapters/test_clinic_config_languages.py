"""The clinic file's languages and its templates in each: read, defaulted, written back, and every
missing or misplaced template named with its language."""

from __future__ import annotations

import pytest

from adapters.clinic_config.toml_file import ClinicConfigError, load_demo_clinic, parse_clinic
from adapters.clinic_config.toml_writer import clinic_toml
from domain.language import Language
from domain.outreach import ReminderTemplates, Template
from tests.unit.adapters.test_clinic_config import MINIMAL

ENGLISH, PORTUGUESE, SPANISH = Language.ENGLISH, Language.PORTUGUESE, Language.SPANISH

THREE_LANGUAGES = (
    MINIMAL.replace("[clinic]\n", '[clinic]\nlanguages = ["es", "en", "pt"]\n')
    + """
[reminders]
template = "recordatorio_cita"
language = "es_MX"

[reminders.en]
template = "appointment_reminder"
language = "en_US"
waitlist_template = "waitlist_offer"

[reminders.pt]
template = "lembrete_consulta"
language = "pt_BR"
waitlist_template = "horario_liberado"

[reengagement]
template = "retomar_conversacion"

[reengagement.en]
template = "resume_conversation"
language = "en"

[reengagement.pt]
template = "retomar_conversa"
language = "pt_BR"

[recalls]

[[recalls.campaigns]]
id = "limpieza"
service = "Odontología general"
after_months = 6
template = "recordatorio_control"

[recalls.campaigns.en]
template = "checkup_reminder"
language = "en_US"

[recalls.campaigns.pt]
template = "lembrete_revisao"
language = "pt_BR"

[[recalls.campaigns]]
id = "anual"
service = "Odontología general"
after_months = 12
template = "control_anual"

[recalls.campaigns.en]
template = "yearly_checkup"
language = "en_US"

[recalls.campaigns.pt]
template = "revisao_anual"
language = "pt_BR"
"""
)


def error_of(text: str) -> str:
    with pytest.raises(ClinicConfigError) as caught:
        parse_clinic(text, source="demo.toml")
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_a_clinic_serves_spanish_alone_unless_its_file_says_otherwise() -> None:
    clinic = parse_clinic(MINIMAL)
    assert clinic.languages == (SPANISH,)
    assert clinic.reminders.template_for(ENGLISH) == Template("recordatorio_cita", "es")


@pytest.mark.parametrize("codes", ['["es", "en", "pt"]', '["es", "EN", "pt-BR"]', "['es', ' en', 'pt_BR']"])
def test_languages_are_read_from_their_codes(codes: str) -> None:
    text = THREE_LANGUAGES.replace('languages = ["es", "en", "pt"]', f"languages = {codes}")
    assert parse_clinic(text).languages == (SPANISH, ENGLISH, PORTUGUESE)


def test_each_language_gets_its_own_templates() -> None:
    clinic = parse_clinic(THREE_LANGUAGES)
    reminders = clinic.reminders
    assert reminders.template_for(SPANISH) == Template("recordatorio_cita", "es_MX")
    assert reminders.template_for(ENGLISH) == Template("appointment_reminder", "en_US")
    assert reminders.template_for(PORTUGUESE) == Template("lembrete_consulta", "pt_BR")
    assert reminders.template_for(None) == Template("recordatorio_cita", "es_MX")
    assert reminders.waitlist_template_for(SPANISH) == Template("lista_espera_hora", "es_MX")
    assert reminders.waitlist_template_for(ENGLISH) == Template("waitlist_offer", "en_US")
    assert reminders.waitlist_template_for(PORTUGUESE) == Template("horario_liberado", "pt_BR")
    assert reminders.translated == (
        (ENGLISH, ReminderTemplates("appointment_reminder", "waitlist_offer", "en_US")),
        (PORTUGUESE, ReminderTemplates("lembrete_consulta", "horario_liberado", "pt_BR")),
    )
    assert clinic.reengagement.template_for(ENGLISH) == Template("resume_conversation", "en")
    assert clinic.reengagement.template_for(PORTUGUESE) == Template("retomar_conversa", "pt_BR")
    assert clinic.reengagement.template_for(SPANISH) == Template("retomar_conversacion", "es")
    cleaning, yearly = clinic.recalls.campaigns
    assert cleaning.template_for(ENGLISH) == Template("checkup_reminder", "en_US")
    assert cleaning.template_for(PORTUGUESE) == Template("lembrete_revisao", "pt_BR")
    assert cleaning.template_for(SPANISH) == Template("recordatorio_control", "es")
    assert yearly.template_for(ENGLISH) == Template("yearly_checkup", "en_US")
    assert yearly.template_for(PORTUGUESE) == Template("revisao_anual", "pt_BR")


def test_the_three_languages_come_back_as_they_were() -> None:
    clinic = parse_clinic(THREE_LANGUAGES)
    text = clinic_toml(clinic)
    assert parse_clinic(text) == clinic
    assert "[recalls.campaigns.en]" in text


def test_templates_of_a_language_not_served_yet_are_checked_and_kept() -> None:
    text = THREE_LANGUAGES.replace('languages = ["es", "en", "pt"]', 'languages = ["es", "en"]')
    clinic = parse_clinic(text)
    assert clinic.languages == (SPANISH, ENGLISH)
    assert clinic.reminders.template_for(PORTUGUESE) == Template("lembrete_consulta", "pt_BR")
    assert parse_clinic(clinic_toml(clinic)) == clinic
    with pytest.raises(ClinicConfigError, match=r'reminders\.pt\.template: "Lembrete" is not a WhatsApp'):
        parse_clinic(text.replace('"lembrete_consulta"', '"Lembrete"'))


def test_a_first_language_other_than_spanish_takes_the_tables_own_keys() -> None:
    text = (
        MINIMAL.replace("[clinic]\n", '[clinic]\nlanguages = ["en", "es"]\n')
        + '\n[reminders]\ntemplate = "appointment_reminder"\nlanguage = "en_US"\n'
        + 'waitlist_template = "offer"\n'
        + '\n[reminders.es]\ntemplate = "recordatorio_cita"\nlanguage = "es"\nwaitlist_template = "lista"\n'
    )
    clinic = parse_clinic(text)
    assert clinic.language is ENGLISH
    assert clinic.reminders.template_for(ENGLISH) == Template("appointment_reminder", "en_US")
    assert clinic.reminders.waitlist_template_for(SPANISH) == Template("lista", "es")
    assert parse_clinic(clinic_toml(clinic)) == clinic


def without(text: str, table: str) -> str:
    """``text`` without the first ``[table]`` and its keys."""
    start = text.index(f"[{table}]\n")
    end = text.find("\n[", start + 1)
    return text[:start] + text[end + 1 :]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            THREE_LANGUAGES.replace('["es", "en", "pt"]', '["es", "fr"]'),
            'clinic.languages[1]: "fr" is not a language the bot speaks ("es", "en", "pt")',
        ),
        (
            THREE_LANGUAGES.replace('["es", "en", "pt"]', '["es", "en", "EN-us"]'),
            'clinic.languages[2]: "EN-us" is already clinic.languages[1]',
        ),
        (
            THREE_LANGUAGES.replace('["es", "en", "pt"]', "[]"),
            "clinic.languages: empty; a clinic serves at least one language",
        ),
        (
            without(THREE_LANGUAGES, "reminders.pt"),
            "reminders.pt: missing: the clinic serves Portuguese (clinic.languages), so reminders and "
            "waitlist offers need their Portuguese templates approved by Meta; add [reminders.pt] with "
            "template, language and waitlist_template",
        ),
        (
            without(THREE_LANGUAGES, "reengagement.en"),
            "reengagement.en: missing: the clinic serves English (clinic.languages), so a staff reply "
            "after 24 hours needs its English template approved by Meta; add [reengagement.en]",
        ),
        (
            without(THREE_LANGUAGES, "recalls.campaigns.en"),
            "recalls.campaigns[0].en: missing: the clinic serves English (clinic.languages), so recall "
            '"limpieza" needs its English template approved by Meta; add [recalls.campaigns.en] with '
            "template and language after its [[recalls.campaigns]]",
        ),
        (
            THREE_LANGUAGES.replace('language = "pt_BR"\nwaitlist', 'language = "es"\nwaitlist'),
            'reminders.pt.language: "es" is not a code of Portuguese; write one like "pt_BR"',
        ),
        (
            THREE_LANGUAGES.replace('language = "es_MX"', 'language = "en_US"'),
            'reminders.language: "en_US" is not a code of Spanish, the clinic\'s first language '
            '(clinic.languages[0]); write one like "es" or "es_MX"',
        ),
        (
            THREE_LANGUAGES.replace(
                "[reengagement]\n",
                '[reengagement.es]\ntemplate = "otra"\nlanguage = "es"\n\n[reengagement]\n',
            ),
            "reengagement.es: Spanish is the clinic's first language (clinic.languages[0]), whose templates",
        ),
        (
            THREE_LANGUAGES.replace('"waitlist_offer"', '"Waitlist Offer"'),
            'reminders.en.waitlist_template: "Waitlist Offer" is not a WhatsApp template name',
        ),
        (
            THREE_LANGUAGES.replace('waitlist_template = "waitlist_offer"\n', ""),
            "Object missing required field `waitlist_template` - at `$.reminders.en`",
        ),
        (
            THREE_LANGUAGES.replace("[reengagement.pt]", "[reengagement.fr]"),
            "Object contains unknown field `fr` - at `$.reengagement`",
        ),
    ],
    ids=[
        "unknown language",
        "a language twice",
        "no language",
        "no reminders in a language",
        "no re-engagement in a language",
        "no recall in a language",
        "a code of another language",
        "the first language's code",
        "a table for the first language",
        "a bad template name",
        "a template left out",
        "a table for a language the bot does not speak",
    ],
)
def test_mistakes_are_named_with_their_language(text: str, message: str) -> None:
    assert message in error_of(text)


def test_without_re_engagement_or_recalls_only_reminders_need_each_language() -> None:
    text = without(without(THREE_LANGUAGES, "reengagement.en"), "reengagement.pt")
    text = text[: text.index("[reengagement]")] + text[text.index("[recalls]") :]
    text = text[: text.index("[[recalls.campaigns]]")]
    clinic = parse_clinic(text)
    assert not clinic.reengagement.approved
    assert clinic.recalls.campaigns == ()


def test_the_demo_clinic_serves_spanish_english_and_portuguese_with_their_templates() -> None:
    demo = load_demo_clinic()
    assert demo.languages == (SPANISH, ENGLISH, PORTUGUESE)
    assert demo.reminders.template_for(SPANISH) == Template("recordatorio_cita", "es")
    assert demo.reminders.template_for(ENGLISH) == Template("appointment_reminder", "en_US")
    assert demo.reminders.waitlist_template_for(PORTUGUESE).code == "pt_BR"
    assert demo.reengagement.template_for(ENGLISH) == Template("resume_conversation", "en_US")
    assert all(c.template_for(PORTUGUESE).code == "pt_BR" for c in demo.recalls.campaigns)


@pytest.mark.parametrize("language", [language for language in Language if language is not SPANISH])
def test_every_language_the_bot_speaks_has_its_tables(language: Language) -> None:
    """A language added to the bot without its tables in the file would be refused as unknown."""
    code = language.value
    text = MINIMAL.replace("[clinic]\n", f'[clinic]\nlanguages = ["es", "{code}"]\n') + (
        f'\n[reminders.{code}]\ntemplate = "a"\nlanguage = "{code}"\nwaitlist_template = "b"\n'
        f'\n[reengagement]\ntemplate = "c"\n[reengagement.{code}]\ntemplate = "d"\nlanguage = "{code}"\n'
        '\n[[recalls.campaigns]]\nid = "x"\nservice = "Odontología general"\nafter_months = 6\n'
        f'template = "e"\n[recalls.campaigns.{code}]\ntemplate = "f"\nlanguage = "{code}"\n'
    )
    clinic = parse_clinic(text)
    assert clinic.reminders.template_for(language) == Template("a", code)
    assert clinic.reengagement.template_for(language) == Template("d", code)
    assert clinic.recalls.campaigns[0].template_for(language) == Template("f", code)
    again = parse_clinic(clinic_toml(clinic))
    assert hash((clinic.reminders, clinic.reengagement, clinic.recalls, clinic.languages)) == hash(
        (again.reminders, again.reengagement, again.recalls, again.languages)
    )
