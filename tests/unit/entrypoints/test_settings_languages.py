"""The "Idiomas" form: the languages ticked after the first, and each language's templates as
typed, so the clinic file's parser judges them; a form keeps what it does not show."""

from __future__ import annotations

from typing import Any

from adapters.clinic_config.toml_file import load_demo_clinic
from adapters.clinic_config.toml_writer import clinic_document
from entrypoints.console import settings_forms as forms
from entrypoints.console import settings_languages as languages


def demo_document() -> dict[str, Any]:
    return clinic_document(load_demo_clinic())


def test_the_form_shows_the_languages_served_and_each_ones_templates() -> None:
    values = languages.language_values(demo_document())
    assert values["serve_en"] == values["serve_pt"] == "on"
    assert "serve_es" not in values  # the first language is not the form's to untick
    assert values["en_reminders_template"] == "appointment_reminder"
    assert values["en_reminders_waitlist_template"] == "waitlist_offer"
    assert values["pt_reminders_language"] == "pt_BR"
    assert values["en_reengagement_template"] == "resume_conversation"
    assert values["pt_campaign_limpieza_template"] == "lembrete_revisao"
    assert [shown.code for shown in languages.others(demo_document())] == ["en", "pt"]


def test_the_form_unchanged_leaves_the_document_as_it_was() -> None:
    document = demo_document()
    languages.apply_languages(document, languages.language_values(document))
    assert document == demo_document()


def test_an_unticked_language_keeps_its_templates_and_a_new_one_comes_last() -> None:
    document = demo_document()
    document["clinic"]["languages"] = ["es", "pt"]
    form = languages.language_values(document) | {"serve_en": "on"}
    languages.apply_languages(document, form)
    assert document["clinic"]["languages"] == ["es", "pt", "en"]  # pt keeps its place
    form.pop("serve_pt")
    languages.apply_languages(document, form)
    assert document["clinic"]["languages"] == ["es", "en"]
    assert document["reminders"]["pt"]["template"] == "lembrete_consulta"  # ready to tick again


def test_templates_go_as_typed_and_all_empty_removes_them() -> None:
    document = demo_document()
    form = languages.language_values(document) | {
        "en_reminders_template": " appt_reminder ",
        "en_reminders_waitlist_template": "",
        "pt_campaign_limpieza_template": "",
        "pt_campaign_limpieza_language": "",
    }
    languages.apply_languages(document, form)
    assert document["reminders"]["en"] == {
        "template": "appt_reminder",
        "waitlist_template": "",  # for the parser to refuse by name
        "language": "en_US",
    }
    assert "pt" not in document["recalls"]["campaigns"][0]
    assert document["recalls"]["campaigns"][0]["en"]["template"] == "checkup_reminder"


def test_a_campaign_the_form_did_not_show_keeps_its_templates() -> None:
    document = demo_document()
    form = {k: v for k, v in languages.language_values(document).items() if "_campaign_" not in k}
    languages.apply_languages(document, form)
    assert document == demo_document()


def test_without_re_engagement_no_re_engagement_table_is_made() -> None:
    document = demo_document()
    del document["reengagement"]
    languages.apply_languages(document, {"serve_en": "on", "en_reengagement_template": "x"})
    assert "reengagement" not in document


def test_a_campaign_form_carries_its_template_in_each_language_shown() -> None:
    existing = demo_document()["recalls"]["campaigns"][0]
    values = forms.campaign_values(existing)
    assert values["template_en"] == "checkup_reminder"
    assert values["language_pt"] == "pt_BR"
    typed = values | {"template_en": "checkup", "template_pt": "", "language_pt": ""}
    table = forms.campaign_table(existing, "limpieza", typed)
    assert table["en"] == {"template": "checkup", "language": "en_US"}
    assert "pt" not in table
    # A form without a language's fields (a language not served) keeps its template.
    kept = forms.campaign_table(existing, "limpieza", forms.campaign_values({"template": "x"}))
    assert kept["pt"] == existing["pt"]


def test_refusals_about_languages_point_at_their_fields() -> None:
    assert forms.field_of('clinic.languages[1]: "fr" is not a language the bot speaks') == "Idiomas"
    assert forms.field_of("reminders.en: missing: the clinic serves English") == "Plantillas en inglés"
    assert forms.field_of("recalls.campaigns[0].pt: missing: the clinic serves Portuguese") == (
        "Plantillas en portugués (Brasil)"
    )
