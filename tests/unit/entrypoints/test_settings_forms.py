"""The settings forms: what is typed goes to the clinic file's tables as written unless it is
plainly a number or a date, so the file's parser judges it; a form keeps what it cannot edit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from entrypoints.console import settings_forms as forms


def test_a_doctors_form_becomes_her_table_and_back() -> None:
    form = {
        "name": " Dra. Inés López ",
        "specialty": "Endodoncia",
        "slot_minutes": "40",
        "days_off": "2026-12-24, 2026-12-31",
        "hours_monday": "09:00-12:00, 14:00-18:00",
        "hours_thursday": "9-13",
        "hours_friday": "",
    }
    table = forms.doctor_table({"id": "old", "note": "kept"}, "dra-ines-lopez", form)
    assert table == {
        "id": "dra-ines-lopez",
        "note": "kept",
        "name": "Dra. Inés López",
        "specialty": "Endodoncia",
        "slot_minutes": 40,
        "days_off": [date(2026, 12, 24), date(2026, 12, 31)],
        "hours": {"monday": ["09:00-12:00", "14:00-18:00"], "thursday": ["9-13"]},
    }
    values = forms.doctor_values(table)
    assert values["hours_monday"] == "09:00-12:00, 14:00-18:00"
    assert values["days_off"] == "2026-12-24, 2026-12-31"


def test_what_is_not_plainly_a_number_or_a_date_goes_as_typed() -> None:
    assert forms.integer({"n": "media hora"}, "n") == "media hora"
    assert forms.dates({"d": "25/12"}, "d") == ["25/12"]
    assert forms.price("35.000") == "35.000"  # a thousands point, not thirty-five
    assert forms.price("49.90") == Decimal("49.90")
    assert forms.price("80000") == 80000
    assert forms.number("1.5") == 1.5


def test_a_service_form_keeps_what_it_does_not_show() -> None:
    existing = {"id": "limpieza", "name": "Limpieza", "default": True, "price": 1, "currency": "CLP"}
    form = {"name": "Limpieza", "minutes": "", "price": "", "currency": "CLP", "doctor_perez": "on"}
    table = forms.service_table(existing, "limpieza", ["perez", "soto"], form)
    assert table == {
        "id": "limpieza",
        "name": "Limpieza",
        "default": True,
        "synonyms": [],
        "bookable": False,
        "currency": "CLP",  # left for the parser to refuse without a price
        "doctors": ["perez"],
    }


def test_new_ids_come_from_names() -> None:
    assert forms.new_id("Dra. Inés López", [], "doctor") == "dra-ines-lopez"
    assert forms.new_id("Dra. Inés López", ["dra-ines-lopez"], "doctor") == "dra-ines-lopez-2"
    assert forms.new_id("¿?", [], "doctor") == "doctor"


def test_a_refusal_points_at_the_forms_label() -> None:
    assert forms.field_of('doctors[3].hours.thursday[0]: "9-13" is not a range') == "Jueves"
    assert forms.field_of("Expected `int`, got `str` - at `$.doctors[3].slot_minutes`") == (
        "Duración de cada cita"
    )
    assert forms.field_of("not valid TOML: Expected ']'") is None


def test_opening_hours_are_typed_as_a_doctors_hours() -> None:
    form = {
        "opening_monday": "09:00-13:00, 15:00-19:00",
        "opening_saturday": " 10:00-14:00 ",
        "opening_sunday": "",
    }
    table = forms.opening_table(None, form)
    assert table == {"monday": ["09:00-13:00", "15:00-19:00"], "saturday": ["10:00-14:00"]}
    values = forms.opening_values(table)
    assert values["opening_monday"] == "09:00-13:00, 15:00-19:00"
    assert values["opening_tuesday"] == ""
    assert forms.opening_values(None) == {f"opening_{key}": "" for key, _ in forms.WEEKDAYS}


def test_no_day_with_opening_hours_is_no_table_unless_the_file_said_closed_every_day() -> None:
    empty = forms.opening_values(None)
    assert forms.opening_table({"monday": ["09:00-13:00"]}, empty) is None
    assert forms.opening_table(None, {"opening_monday": " "}) is None
    assert forms.opening_table({}, empty) == {}
    assert forms.opening_table({"tuesday": []}, empty) == {}
    # A form without the fields (another part's) keeps what there was.
    assert forms.opening_table({"monday": ["09:00-13:00"]}, {"name": "x"}) == {"monday": ["09:00-13:00"]}
    assert forms.opening_table(None, {"name": "x"}) is None


def test_the_hand_off_form_keeps_a_url_only_when_one_is_typed() -> None:
    existing = {"alert_webhook_url": "https://old.example/a", "return_after_minutes": 120}
    assert forms.handoff_values(existing) == {
        "alert_webhook_url": "https://old.example/a",
        "return_after_minutes": "120",
    }
    form = {"alert_webhook_url": " https://alertas.example/x ", "return_after_minutes": "45"}
    assert forms.handoff_table(existing, form) == {
        "alert_webhook_url": "https://alertas.example/x",
        "return_after_minutes": 45,
    }
    cleared = forms.handoff_table(existing, {"alert_webhook_url": "", "return_after_minutes": "dos horas"})
    assert cleared == {"return_after_minutes": "dos horas"}  # for the parser to refuse


def test_the_waitlist_template_is_on_the_reminders_form() -> None:
    table = forms.reminder_table(
        {"template": "x"}, {"template": "recordatorio", "language": "es", "waitlist_template": " hora_libre "}
    )
    assert table["waitlist_template"] == "hora_libre"
    assert forms.reminder_values(table)["waitlist_template"] == "hora_libre"
    left_empty = forms.reminder_table(table, {"template": "recordatorio", "language": "es"})
    assert "waitlist_template" not in left_empty  # the file's default, lista_espera_hora


def test_refusals_of_the_new_settings_point_at_their_fields() -> None:
    assert forms.field_of('opening_hours.monday[0]: "9-13" is not a range like "09:00-13:00"') == "Lunes"
    assert forms.field_of('handoff.alert_webhook_url: "http://x" is not an https link') == (
        "Dirección para los avisos (webhook)"
    )
    assert forms.field_of("Expected `int` <= 43200 - at `$.handoff.return_after_minutes`") == (
        "Minutos sin respuesta antes de que el bot retome la conversación"
    )
    assert forms.field_of('reminders.waitlist_template: "Hora" is not a WhatsApp template name') == (
        "Plantilla para la lista de espera"
    )
