"""The clinic file: the shipped demo loads, the format's conveniences work, and every mistake is named."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from adapters.clinic_config.toml_file import (
    ClinicConfigError,
    demo_clinic_path,
    load_clinic,
    load_demo_clinic,
    parse_clinic,
)
from domain.clinic import BookingPolicy, Clinic, TimeRange
from domain.ids import DoctorId, PatientAddress, ServiceId
from domain.language import Language
from domain.locale import Register
from domain.outreach import (
    RecallCampaign,
    RecallSettings,
    Reengagement,
    ReminderPolicy,
    ReminderTemplates,
    Template,
)
from domain.privacy import DAYS_PER_YEAR, PrivacyNotice, PrivacySettings, Retention
from domain.services import Price, Service

CLINIC_TABLE = """\
[clinic]
id = "prueba"
name = "Clínica de Prueba"
address = "Calle Falsa 123"
timezone = "America/Santiago"
whatsapp_phone_number_id = "123456"
"""

HOURS_HEADER = """\
[[doctors]]
id = "perez"
name = "Dra. Pérez"
specialty = "Odontología general"
slot_minutes = 30
[doctors.hours]
"""


def with_hours(hours: str) -> str:
    """A minimal valid file whose only doctor has the given ``[doctors.hours]`` body."""
    return CLINIC_TABLE + "\n" + HOURS_HEADER + hours


MINIMAL = with_hours('monday = ["09:00-13:00"]\n')


def config_error(text: str) -> str:
    with pytest.raises(ClinicConfigError) as caught:
        parse_clinic(text, source="demo.toml")
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("demo.toml: ")
    return message


# --- The demo clinic ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo() -> Clinic:
    return load_demo_clinic()


def test_demo_clinic_identity(demo: Clinic) -> None:
    assert demo.id == "sonrisa"
    assert demo.name == "Clínica Dental Sonrisa"
    assert demo.timezone == ZoneInfo("America/Santiago")
    assert demo.phone_number_id == "100000000000001"
    assert demo.phone == "+56 2 2345 6789"
    assert demo.policy == BookingPolicy(minimum_notice=timedelta(minutes=120), horizon_days=60)
    assert demo.closed_on == {date(2026, 12, 25), date(2027, 1, 1)}
    assert demo.bot_enabled
    assert demo.blocked_numbers == frozenset()


def test_demo_clinic_doctors(demo: Clinic) -> None:
    assert [(d.id, d.name, d.specialty, d.slot_length) for d in demo.doctors] == [
        ("perez", "Dra. Camila Pérez", "Odontología general", timedelta(minutes=30)),
        ("soto", "Dr. Andrés Soto", "Ortodoncia", timedelta(minutes=45)),
        ("rojas", "Dra. Valentina Rojas", "Odontopediatría", timedelta(minutes=30)),
    ]


def test_demo_clinic_hours(demo: Clinic) -> None:
    morning_and_afternoon = (TimeRange(time(9), time(13)), TimeRange(time(15), time(19)))
    perez = demo.doctor(DoctorId("perez"))
    soto = demo.doctor(DoctorId("soto"))
    rojas = demo.doctor(DoctorId("rojas"))
    assert perez is not None
    assert soto is not None
    assert rojas is not None
    assert perez.hours.ranges == {
        **dict.fromkeys(range(5), morning_and_afternoon),
        5: (TimeRange(time(9), time(13)),),
    }
    assert soto.hours.ranges == {
        1: (TimeRange(time(10), time(14)), TimeRange(time(16), time(20))),
        3: (TimeRange(time(10), time(14)), TimeRange(time(16), time(20))),
    }
    assert rojas.hours.ranges == dict.fromkeys((0, 2, 4), (TimeRange(time(9), time(14)),))


def test_demo_clinic_faq(demo: Clinic) -> None:
    assert len(demo.faq) == 4
    assert all(entry.question and entry.answer and entry.keywords for entry in demo.faq)
    keywords = {keyword for entry in demo.faq for keyword in entry.keywords}
    assert {"dirección", "horario", "fonasa", "isapre", "tarjeta", "estacionamiento"} <= keywords
    # Prices come from the services now, so no hand-written answer can contradict them.
    assert not any("$" in entry.answer for entry in demo.faq)


def test_demo_clinic_services(demo: Clinic) -> None:
    clp = "CLP"
    assert [(s.id, s.duration, s.price, s.doctor_ids, s.bookable) for s in demo.services] == [
        ("evaluacion", None, Price(Decimal(25000), clp), (), True),
        ("limpieza", timedelta(minutes=60), Price(Decimal(35000), clp), ("perez",), True),
        (
            "blanqueamiento",
            timedelta(minutes=90),
            Price(Decimal(120000), clp, from_price=True),
            ("perez",),
            True,
        ),
        ("control_ortodoncia", timedelta(minutes=20), Price(Decimal(20000), clp), ("soto",), True),
        (
            "instalacion_brackets",
            timedelta(minutes=90),
            Price(Decimal(450000), clp, from_price=True),
            ("soto",),
            False,
        ),
        ("odontopediatria", timedelta(minutes=30), Price(Decimal(25000), clp), ("rojas",), True),
        ("extraccion", timedelta(minutes=45), Price(Decimal(40000), clp, from_price=True), ("perez",), True),
        ("urgencia", timedelta(minutes=30), Price(Decimal(30000), clp), ("perez", "rojas"), True),
    ]
    assert all(service.name and service.synonyms and service.preparation for service in demo.services)


def test_demo_clinic_default_service_is_the_evaluation_at_each_doctors_slot(demo: Clinic) -> None:
    assert demo.default_service_id == "evaluacion"
    evaluation = demo.default_service
    assert evaluation is not None
    assert evaluation.name == "Evaluación dental"
    assert demo.doctors_for(evaluation) == demo.doctors
    # Plain bookings keep the doctors' own 30- and 45-minute slots.
    assert [demo.visit_length(evaluation, doctor) for doctor in demo.doctors] == [
        timedelta(minutes=30),
        timedelta(minutes=45),
        timedelta(minutes=30),
    ]


def test_demo_clinic_cleaning_lasts_an_hour_and_answers_fasting(demo: Clinic) -> None:
    cleaning = demo.service(ServiceId("limpieza"))
    perez = demo.doctor(DoctorId("perez"))
    assert cleaning is not None
    assert perez is not None
    assert demo.visit_length(cleaning, perez) == timedelta(minutes=60)
    assert demo.doctors_for(cleaning) == (perez,)
    assert {"limpieza", "profilaxis", "destartraje"} <= set(cleaning.synonyms)
    assert "ayunas" in cleaning.preparation


def test_demo_clinic_reminders_and_recalls(demo: Clinic) -> None:
    assert demo.reminders == ReminderPolicy(
        offsets=(timedelta(hours=24), timedelta(hours=1)),
        template="recordatorio_cita",
        language="es",
        stop_on_opt_out=False,
        translated=(
            (Language.ENGLISH, ReminderTemplates("appointment_reminder", "waitlist_offer", "en_US")),
            (Language.PORTUGUESE, ReminderTemplates("lembrete_consulta", "horario_disponivel", "pt_BR")),
        ),
    )
    in_languages = (
        (Language.ENGLISH, Template("checkup_reminder", "en_US")),
        (Language.PORTUGUESE, Template("lembrete_revisao", "pt_BR")),
    )
    assert demo.recalls == RecallSettings(
        campaigns=(
            RecallCampaign("limpieza", "Odontología general", 6, "recordatorio_control", "es", in_languages),
        ),
        snooze=timedelta(days=30),
    )
    (campaign,) = demo.recalls.campaigns
    perez = demo.doctor(DoctorId("perez"))
    assert perez is not None
    assert campaign.offers(perez.specialty)


def test_demo_clinic_path_is_the_shipped_file() -> None:
    path = demo_clinic_path()
    assert path.name == "demo_clinic.toml"
    assert load_clinic(path) == load_demo_clinic()


# --- The format -----------------------------------------------------------------------------


def test_minimal_file_uses_the_defaults() -> None:
    clinic = parse_clinic(MINIMAL)
    assert clinic.policy == BookingPolicy(minimum_notice=timedelta(minutes=120), horizon_days=60)
    assert clinic.phone is None
    assert clinic.bot_enabled
    assert clinic.faq == ()
    assert clinic.closed_on == frozenset()
    assert clinic.doctors[0].days_off == frozenset()


def test_optional_clinic_fields_are_read() -> None:
    clinic_extras = (
        "minimum_notice_minutes = 0\n"
        "booking_horizon_days = 14\n"
        "bot_enabled = false\n"
        'blocked_numbers = ["56911112222"]\n'
        "closed_on = [2026-09-18, 2026-09-19]\n"
    )
    doctor = HOURS_HEADER.replace("[doctors.hours]", "days_off = [2026-09-17]\n[doctors.hours]")
    clinic = parse_clinic(CLINIC_TABLE + clinic_extras + "\n" + doctor)
    assert clinic.policy == BookingPolicy(minimum_notice=timedelta(0), horizon_days=14)
    assert not clinic.bot_enabled
    assert clinic.is_blocked(PatientAddress("56911112222"))
    assert clinic.closed_on == {date(2026, 9, 18), date(2026, 9, 19)}
    assert clinic.doctors[0].days_off == {date(2026, 9, 17)}
    assert clinic.doctors[0].hours.ranges == {}


@pytest.mark.parametrize(
    ("lines", "locale"),
    [
        ("", "es-CL"),  # the time zone's country: America/Santiago
        ('locale = "es-MX"\n', "es-MX"),
        ('locale = "es_ar"\n', "es-AR"),
        ('country = "ES"\n', "es-ES"),
        ('country = "de"\n', "es"),  # CLDR has no German Spanish: the neutral one
        ('timezone = "America/Mexico_City"\n', "es-MX"),
        ('timezone = "America/Buenos_Aires"\n', "es-AR"),  # an old name of the zone
        ('timezone = "UTC"\n', "es"),
    ],
)
def test_the_locale_is_written_or_comes_from_the_country_or_the_zone(lines: str, locale: str) -> None:
    table = CLINIC_TABLE
    if lines.startswith("timezone"):
        table = table.replace('timezone = "America/Santiago"\n', "")
    clinic = parse_clinic(table + lines + "\n" + HOURS_HEADER + 'monday = ["09:00-13:00"]\n')
    assert clinic.locale == locale


@pytest.mark.parametrize(
    ("written", "register"),
    [("tú", Register.TU), ("tu", Register.TU), ("vos", Register.TU), ("Usted", Register.USTED)],
)
def test_the_register_is_read(written: str, register: Register) -> None:
    assert parse_clinic(CLINIC_TABLE + f'register = "{written}"\n\n' + HOURS_HEADER).register is register


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ('locale = "Mexican"\n', "clinic.locale: 'Mexican' is not a locale like \"es-MX\""),
        ('locale = "en-US"\n', "clinic.locale: 'en-US': the bot speaks es only"),
        ('locale = "es-XX"\n', "clinic.locale: 'es-XX' is no locale CLDR knows"),
        ('country = "Mexico"\n', "clinic.country: 'Mexico' is not a two-letter country code"),
        ('register = "vosotros"\n', 'clinic.register: "vosotros" is not "tú" or "usted"'),
    ],
)
def test_a_wrong_locale_country_or_register_is_named(lines: str, message: str) -> None:
    assert message in config_error(CLINIC_TABLE + lines + "\n" + HOURS_HEADER)


def test_reminders_and_recalls_default_when_absent() -> None:
    clinic = parse_clinic(MINIMAL)
    assert clinic.reminders == ReminderPolicy()
    assert clinic.reminders.offsets == (timedelta(hours=24), timedelta(hours=1))
    assert (clinic.reminders.template, clinic.reminders.language) == ("recordatorio_cita", "es")
    assert not clinic.reminders.stop_on_opt_out
    assert clinic.recalls == RecallSettings()
    assert clinic.recalls.campaigns == ()
    assert clinic.recalls.snooze == timedelta(days=30)
    assert clinic.recalls.payloads() == ("RECALL_REPLY_BOOK", "RECALL_REPLY_LATER", "RECALL_REPLY_STOP")


def test_empty_sections_take_the_defaults() -> None:
    clinic = parse_clinic(MINIMAL + "\n[reminders]\n\n[recalls]\n")
    assert clinic.reminders == ReminderPolicy()
    assert clinic.recalls == RecallSettings()


def test_reminder_fields_are_read() -> None:
    text = MINIMAL + (
        "\n[reminders]\n"
        "hours_before = [48, 2.5]\n"
        'template = "aviso_de_cita"\n'
        'language = "es_MX"\n'
        "stop_on_opt_out = true\n"
    )
    assert parse_clinic(text).reminders == ReminderPolicy(
        offsets=(timedelta(hours=48), timedelta(hours=2, minutes=30)),
        template="aviso_de_cita",
        language="es_MX",
        stop_on_opt_out=True,
    )


def test_no_reminder_hours_sends_no_reminders() -> None:
    assert parse_clinic(MINIMAL + "\n[reminders]\nhours_before = []\n").reminders.offsets == ()


RECALLS = """
[recalls]
snooze_days = 14
book_reply_id = "RECALL_REPLY_SI"
later_reply_id = "RECALL_REPLY_DESPUES"
stop_reply_id = "RECALL_REPLY_NO"

[[recalls.campaigns]]
id = "limpieza"
service = "odontología GENERAL"
after_months = 6
template = "recordatorio_control"

[[recalls.campaigns]]
id = "control-anual"
service = "Odontología general"
after_months = 12
template = "control_anual"
language = "es_CL"
"""


def test_recall_fields_are_read() -> None:
    recalls = parse_clinic(MINIMAL + RECALLS).recalls
    assert recalls == RecallSettings(
        campaigns=(
            # The doctor's own spelling: bookings record it, and recalls compare against them.
            RecallCampaign("limpieza", "Odontología general", 6, "recordatorio_control", "es"),
            RecallCampaign("control-anual", "Odontología general", 12, "control_anual", "es_CL"),
        ),
        book_id="RECALL_REPLY_SI",
        later_id="RECALL_REPLY_DESPUES",
        stop_id="RECALL_REPLY_NO",
        snooze=timedelta(days=14),
    )


def test_faq_entries_are_read() -> None:
    text = MINIMAL + '\n[[faq]]\nquestion = "¿Hay wifi?"\nanswer = "Sí."\nkeywords = ["wifi", "internet"]\n'
    (entry,) = parse_clinic(text).faq
    assert (entry.question, entry.answer, entry.keywords) == ("¿Hay wifi?", "Sí.", ("wifi", "internet"))


def test_spanish_weekday_keys_with_and_without_accents() -> None:
    # TOML bare keys are ASCII only, so accented keys are written in quotes.
    hours = (
        'lunes = ["09:00-10:00"]\nmartes = ["09:00-10:00"]\n"miércoles" = ["09:00-10:00"]\n'
        'jueves = ["09:00-10:00"]\nviernes = ["09:00-10:00"]\nsabado = ["09:00-10:00"]\n'
        'domingo = ["09:00-10:00"]\n'
    )
    ranges = parse_clinic(with_hours(hours)).doctors[0].hours.ranges
    assert sorted(ranges) == list(range(7))
    assert parse_clinic(with_hours('miercoles = ["09:00-10:00"]\n')).doctors[0].hours.ranges.keys() == {2}
    assert parse_clinic(with_hours('"sábado" = ["09:00-10:00"]\n')).doctors[0].hours.ranges.keys() == {5}


def test_decomposed_accent_in_a_weekday_key_is_accepted() -> None:
    decomposed = "mie\u0301rcoles"
    hours = parse_clinic(with_hours(f'"{decomposed}" = ["09:00-10:00"]\n')).doctors[0].hours
    assert hours.ranges.keys() == {2}


def test_twenty_four_hundred_ends_at_midnight() -> None:
    (day_range,) = parse_clinic(with_hours('friday = ["18:00-24:00"]\n')).doctors[0].hours.ranges[4]
    assert day_range == TimeRange(time(18), time(0))
    assert day_range.length() == timedelta(hours=6)


def test_a_range_may_run_past_midnight() -> None:
    (night,) = parse_clinic(with_hours('saturday = ["22:00-02:00"]\n')).doctors[0].hours.ranges[5]
    assert night == TimeRange(time(22), time(2))
    assert night.crosses_midnight
    assert night.length() == timedelta(hours=4)


def test_a_whole_day() -> None:
    (day,) = parse_clinic(with_hours('sunday = ["00:00-24:00"]\n')).doctors[0].hours.ranges[6]
    assert day.length() == timedelta(hours=24)


def test_an_empty_day_means_not_working() -> None:
    hours = parse_clinic(with_hours('monday = ["09:00-13:00"]\ntuesday = []\n')).doctors[0].hours
    assert hours.ranges.keys() == {0}


def test_load_clinic_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "clinic.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    assert load_clinic(path) == parse_clinic(MINIMAL)
    assert load_clinic(str(path)).id == "prueba"


def test_parse_clinic_accepts_bytes() -> None:
    assert parse_clinic(MINIMAL.encode()) == parse_clinic(MINIMAL)


SECOND_DOCTOR = """
[[doctors]]
id = "soto"
name = "Dr. Soto"
specialty = "Ortodoncia"
slot_minutes = 45
[doctors.hours]
tuesday = ["10:00-14:00"]
"""

CLEANING = 'id = "limpieza"\nname = "Limpieza"\n'


def with_services(*bodies: str) -> str:
    """A file with doctors perez and soto, and a ``[[services]]`` table per body of ``key = value`` lines."""
    return MINIMAL + SECOND_DOCTOR + "".join(f"\n[[services]]\n{body}" for body in bodies)


FULL_SERVICE = """\
id = "blanqueamiento"
name = "Blanqueamiento dental"
synonyms = ["blanqueamiento", "aclarar los dientes"]
minutes = 90
price = 49.90
price_from = true
currency = "USD"
doctors = ["soto", "perez"]
preparation = \"\"\"
Evita café y vino tinto durante 48 horas.
\"\"\"
bookable = false
default = true
"""


def test_a_full_service_table_is_read_exactly() -> None:
    clinic = parse_clinic(with_services(CLEANING, FULL_SERVICE))
    assert clinic.services[1] == Service(
        id=ServiceId("blanqueamiento"),
        name="Blanqueamiento dental",
        duration=timedelta(minutes=90),
        synonyms=("blanqueamiento", "aclarar los dientes"),
        price=Price(amount=Decimal("49.90"), currency="USD", from_price=True),
        doctor_ids=(DoctorId("soto"), DoctorId("perez")),
        preparation="Evita café y vino tinto durante 48 horas.",
        bookable=False,
    )
    price = clinic.services[1].price
    assert price is not None
    # Read as written, never through a float: the same digits, trailing zero included.
    assert str(price.amount) == "49.90"
    assert clinic.default_service_id == "blanqueamiento"
    assert clinic.default_service == clinic.services[1]


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        ("35000", "35000"),
        ("35_000", "35000"),
        ("0", "0"),
        ("0.1", "0.1"),
        ("19990.50", "19990.50"),
        ("1e3", "1E+3"),
    ],
)
def test_a_price_is_an_exact_decimal(written: str, amount: str) -> None:
    text = with_services(CLEANING + f'price = {written}\ncurrency = "CLP"\n')
    (service,) = parse_clinic(text).services
    assert service.price == Price(amount=Decimal(amount), currency="CLP")
    assert service.price is not None
    assert type(service.price.amount) is Decimal
    assert str(service.price.amount) == amount


def test_a_service_takes_the_defaults() -> None:
    clinic = parse_clinic(with_services(CLEANING))
    (service,) = clinic.services
    assert service == Service(id=ServiceId("limpieza"), name="Limpieza")
    assert (service.duration, service.price, service.doctor_ids) == (None, None, ())
    assert (service.synonyms, service.preparation, service.bookable) == ((), "", True)
    # No minutes: each doctor's own slot; no doctors: every doctor.
    assert [clinic.visit_length(service, d) for d in clinic.doctors] == [
        timedelta(minutes=30),
        timedelta(minutes=45),
    ]
    assert clinic.doctors_for(service) == clinic.doctors


def test_without_a_default_the_first_service_is() -> None:
    clinic = parse_clinic(with_services(CLEANING, 'id = "urgencia"\nname = "Urgencia"\n'))
    assert clinic.default_service_id is None
    assert clinic.default_service is not None
    assert clinic.default_service.id == "limpieza"


def test_the_default_may_be_any_service() -> None:
    clinic = parse_clinic(with_services(CLEANING, 'id = "urgencia"\nname = "Urgencia"\ndefault = true\n'))
    assert clinic.default_service_id == "urgencia"


def test_no_services_by_default() -> None:
    clinic = parse_clinic(MINIMAL)
    assert clinic.services == ()
    assert clinic.default_service_id is None
    assert clinic.default_service is None


def test_recall_campaigns_still_name_a_specialty_not_a_service() -> None:
    campaign = '\n[[recalls.campaigns]]\nid = "c"\nafter_months = 6\ntemplate = "control"\n'
    with_specialty = with_services(CLEANING) + campaign + 'service = "ortodoncia"\n'
    (read,) = parse_clinic(with_specialty).recalls.campaigns
    assert read.service == "Ortodoncia"
    message = config_error(with_services(CLEANING) + campaign + 'service = "limpieza"\n')
    assert message == (
        'demo.toml: recalls.campaigns[0].service: "limpieza" is no doctor\'s specialty in this file'
        ' ("Odontología general", "Ortodoncia")'
    )


# --- Mistakes, each named -------------------------------------------------------------------


def test_missing_required_key() -> None:
    message = config_error(MINIMAL.replace('timezone = "America/Santiago"\n', ""))
    assert "missing required field `timezone`" in message
    assert "$.clinic" in message


def test_missing_clinic_table() -> None:
    assert "missing required field `clinic`" in config_error(HOURS_HEADER + 'monday = ["09:00-13:00"]\n')


def test_unknown_key_is_a_typo_not_a_default() -> None:
    message = config_error(MINIMAL.replace("slot_minutes = 30", "slot_minuts = 30"))
    assert "unknown field `slot_minuts`" in message
    assert "$.doctors[0]" in message


def test_unknown_key_in_the_clinic_table() -> None:
    message = config_error(CLINIC_TABLE + 'timezon = "UTC"\n\n' + HOURS_HEADER)
    assert "unknown field `timezon`" in message
    assert "$.clinic" in message


def test_wrong_type_is_named_by_msgspec() -> None:
    message = config_error(MINIMAL.replace("slot_minutes = 30", 'slot_minutes = "30"'))
    assert message == "demo.toml: Expected `int`, got `str` - at `$.doctors[0].slot_minutes`"


@pytest.mark.parametrize(
    "text",
    ["9-13", "09:00", "09:00-13", "9:00-13:00", "nueve a trece", ""],
)
def test_bad_time_range_text(text: str) -> None:
    message = config_error(with_hours(f'monday = ["08:00-08:30", "{text}"]\n'))
    assert message == f'demo.toml: doctors[0].hours.monday[1]: "{text}" is not a range like "09:00-13:00"'


@pytest.mark.parametrize("text", ["25:00-26:00", "09:60-10:00", "09:00-24:30"])
def test_time_out_of_the_day(text: str) -> None:
    message = config_error(with_hours(f'tuesday = ["{text}"]\n'))
    assert message.startswith("demo.toml: doctors[0].hours.tuesday[0]: ")
    assert "is not a time of day" in message


def test_twenty_four_hundred_cannot_start_a_range() -> None:
    message = config_error(with_hours('tuesday = ["24:00-02:00"]\n'))
    assert message == 'demo.toml: doctors[0].hours.tuesday[0]: "24:00-02:00": 24:00 can only end a range'


def test_an_empty_range_is_refused() -> None:
    message = config_error(with_hours('tuesday = ["09:00-09:00"]\n'))
    assert "doctors[0].hours.tuesday[0]" in message
    assert "same time" in message


def test_bad_timezone() -> None:
    for zone in ("America/Santiagoo", "America", "", "../etc/passwd"):
        message = config_error(MINIMAL.replace("America/Santiago", zone))
        assert message.startswith("demo.toml: clinic.timezone: ")
        assert "IANA" in message


def test_duplicate_doctor_id() -> None:
    second = HOURS_HEADER.replace("Dra. Pérez", "Dr. Otro") + 'friday = ["09:00-13:00"]\n'
    message = config_error(MINIMAL + "\n" + second)
    assert message == 'demo.toml: doctors[1].id: "perez" is already the id of doctors[0]'


@pytest.mark.parametrize("minutes", [0, 4, 481, -30])
def test_slot_minutes_out_of_range(minutes: int) -> None:
    message = config_error(MINIMAL.replace("slot_minutes = 30", f"slot_minutes = {minutes}"))
    assert "$.doctors[0].slot_minutes" in message


@pytest.mark.parametrize(
    ("setting", "field"),
    [
        ("minimum_notice_minutes = -1", "$.clinic.minimum_notice_minutes"),
        ("minimum_notice_minutes = 99999999999999", "$.clinic.minimum_notice_minutes"),
        ("booking_horizon_days = 0", "$.clinic.booking_horizon_days"),
    ],
)
def test_policy_out_of_range(setting: str, field: str) -> None:
    assert field in config_error(CLINIC_TABLE + setting + "\n\n" + HOURS_HEADER)


def test_unknown_weekday() -> None:
    message = config_error(with_hours('funday = ["09:00-13:00"]\n'))
    assert message.startswith("demo.toml: doctors[0].hours.funday: not a weekday")


def test_capitalised_weekday_is_unknown() -> None:
    assert "doctors[0].hours.Monday: not a weekday" in config_error(with_hours('Monday = ["09:00-13:00"]\n'))


def test_the_same_day_twice() -> None:
    message = config_error(with_hours('monday = ["09:00-13:00"]\nlunes = ["15:00-19:00"]\n'))
    assert message == 'demo.toml: doctors[0].hours.lunes: the same day as "monday"'


@pytest.mark.parametrize(
    "ranges",
    ['["09:00-13:00", "12:00-14:00"]', '["22:00-02:00", "23:00-23:30"]'],
)
def test_overlapping_ranges_on_one_day(ranges: str) -> None:
    message = config_error(with_hours(f"wednesday = {ranges}\n"))
    assert message.startswith("demo.toml: doctors[0].hours: ")
    assert "overlapping hours on weekday 2" in message


def test_empty_doctors_list() -> None:
    message = config_error("doctors = []\n" + CLINIC_TABLE)
    assert "$.doctors" in message


def test_missing_doctors() -> None:
    assert "missing required field `doctors`" in config_error(CLINIC_TABLE)


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ('id = "prueba"', 'id = "Prueba Uno"', "clinic.id"),
        ('id = "perez"', 'id = "pérez"', "doctors[0].id"),
        (
            'whatsapp_phone_number_id = "123456"',
            'whatsapp_phone_number_id = "+56 9 1234"',
            "clinic.whatsapp_phone_number_id",
        ),
    ],
)
def test_bad_ids(old: str, new: str, field: str) -> None:
    message = config_error(MINIMAL.replace(old, new))
    assert message.startswith(f"demo.toml: {field}")


def test_phone_number_id_written_as_a_number() -> None:
    message = config_error(MINIMAL.replace('"123456"', "123456"))
    assert "$.clinic.whatsapp_phone_number_id" in message


def test_empty_name() -> None:
    assert "$.clinic.name" in config_error(MINIMAL.replace('name = "Clínica de Prueba"', 'name = ""'))


def test_quoted_date_is_refused_with_its_place() -> None:
    text = CLINIC_TABLE + 'closed_on = ["2026-12-25"]\n\n' + HOURS_HEADER
    assert "$.clinic.closed_on[0]" in config_error(text)


def test_non_toml_text() -> None:
    message = config_error("esto no es TOML\n[[[")
    assert message.startswith("demo.toml: not valid TOML: ")


def test_bytes_that_are_not_utf8() -> None:
    with pytest.raises(ClinicConfigError, match=r"^demo\.toml: not UTF-8 text"):
        parse_clinic(b"\xff\xfe[clinic]", source="demo.toml")


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "no_existe.toml"
    with pytest.raises(ClinicConfigError) as caught:
        load_clinic(path)
    assert str(caught.value).startswith(f"{path}: cannot read the file")
    assert caught.value.source == str(path)


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(ClinicConfigError, match="cannot read the file"):
        load_clinic(tmp_path)


def test_file_errors_name_the_path(tmp_path: Path) -> None:
    path = tmp_path / "clinic.toml"
    path.write_text(with_hours('monday = ["9-13"]\n'), encoding="utf-8")
    with pytest.raises(ClinicConfigError) as caught:
        load_clinic(path)
    assert (
        str(caught.value) == f'{path}: doctors[0].hours.monday[0]: "9-13" is not a range like "09:00-13:00"'
    )


# --- Mistakes in reminders and recalls ------------------------------------------------------


def with_reminders(body: str) -> str:
    return MINIMAL + "\n[reminders]\n" + body


def with_recalls(body: str = "", campaign: str | None = None) -> str:
    """A file with a ``[recalls]`` body and, if ``campaign`` is given, one campaign: a valid one
    whose keys the ``key = value`` lines of ``campaign`` replace (an empty value drops the key)."""
    text = MINIMAL + "\n[recalls]\n" + body
    if campaign is not None:
        fields = {
            "id": '"limpieza"',
            "service": '"Odontología general"',
            "after_months": "6",
            "template": '"recordatorio_control"',
        }
        for line in campaign.splitlines():
            key, _, value = line.partition("=")
            fields[key.strip()] = value.strip()
        text += "\n[[recalls.campaigns]]\n" + "".join(
            f"{key} = {value}\n" for key, value in fields.items() if value
        )
    return text


@pytest.mark.parametrize("hours", ["0", "-1", "-0.5", "nan", "inf", "9000"])
def test_reminder_hours_out_of_range(hours: str) -> None:
    message = config_error(with_reminders(f"hours_before = [24, {hours}]\n"))
    assert message.startswith("demo.toml: Expected `float` ")
    assert message.endswith("at `$.reminders.hours_before[1]`")


def test_reminder_hours_must_be_numbers() -> None:
    message = config_error(with_reminders('hours_before = ["24"]\n'))
    assert message == "demo.toml: Expected `float`, got `str` - at `$.reminders.hours_before[0]`"


@pytest.mark.parametrize("hours", ["[24, 1, 24]", "[24, 1, 24.0]"])
def test_reminder_hours_twice(hours: str) -> None:
    message = config_error(with_reminders(f"hours_before = {hours}\n"))
    assert message == "demo.toml: reminders.hours_before[2]: 24 is already reminders.hours_before[0]"


def test_reminder_hours_that_round_to_nothing() -> None:
    message = config_error(with_reminders("hours_before = [1e-12]\n"))
    assert message == "demo.toml: reminders: reminder offsets must be positive"


@pytest.mark.parametrize(
    ("setting", "place"),
    [
        ('template = "Recordatorio Cita"', "reminders.template"),
        ('template = ""', "reminders.template"),
        ('language = "es-MX"', "reminders.language"),
        ('language = "spanish"', "reminders.language"),
        ('language = ""', "reminders.language"),
    ],
)
def test_bad_reminder_template_or_language(setting: str, place: str) -> None:
    assert config_error(with_reminders(setting + "\n")).startswith(f"demo.toml: {place}: ")


def test_unknown_key_in_reminders() -> None:
    message = config_error(with_reminders("hours = [24]\n"))
    assert "unknown field `hours`" in message
    assert "$.reminders" in message


def test_stop_on_opt_out_must_be_a_boolean() -> None:
    message = config_error(with_reminders('stop_on_opt_out = "no"\n'))
    assert message == "demo.toml: Expected `bool`, got `str` - at `$.reminders.stop_on_opt_out`"


@pytest.mark.parametrize("key", ["book_reply_id", "later_reply_id", "stop_reply_id"])
@pytest.mark.parametrize("reply_id", ["BOOK", "recall_reply_book", "RECALL_REPLY_", ""])
def test_recall_reply_ids_need_the_prefix(key: str, reply_id: str) -> None:
    message = config_error(with_recalls(f'{key} = "{reply_id}"\n'))
    assert message == f'demo.toml: recalls.{key}: "{reply_id}" must start with RECALL_REPLY_ and go on'


def test_recall_reply_ids_must_differ() -> None:
    message = config_error(with_recalls('stop_reply_id = "RECALL_REPLY_BOOK"\n'))
    assert message == 'demo.toml: recalls.stop_reply_id: "RECALL_REPLY_BOOK" is already recalls.book_reply_id'


@pytest.mark.parametrize("days", [0, -1, 366])
def test_snooze_days_out_of_range(days: int) -> None:
    assert "$.recalls.snooze_days" in config_error(with_recalls(f"snooze_days = {days}\n"))


def test_unknown_key_in_recalls() -> None:
    message = config_error(with_recalls("snooze = 30\n"))
    assert "unknown field `snooze`" in message
    assert "$.recalls" in message


def test_unknown_key_in_a_campaign() -> None:
    message = config_error(with_recalls(campaign="months = 6"))
    assert "unknown field `months`" in message
    assert "$.recalls.campaigns[0]" in message


def test_a_campaign_for_a_service_no_doctor_gives() -> None:
    message = config_error(with_recalls(campaign='service = "Ortodoncia"'))
    assert message == (
        'demo.toml: recalls.campaigns[0].service: "Ortodoncia" is no doctor\'s specialty in this file'
        ' ("Odontología general")'
    )


@pytest.mark.parametrize("months", [0, -6, 121])
def test_after_months_out_of_range(months: int) -> None:
    message = config_error(with_recalls(campaign=f"after_months = {months}"))
    assert "$.recalls.campaigns[0].after_months" in message


@pytest.mark.parametrize("missing", ["id", "service", "after_months", "template"])
def test_a_campaign_misses_a_required_key(missing: str) -> None:
    message = config_error(with_recalls(campaign=f"{missing} ="))
    assert f"missing required field `{missing}`" in message
    assert "$.recalls.campaigns[0]" in message


def test_duplicate_campaign_id() -> None:
    second = '\n[[recalls.campaigns]]\nid = "limpieza"\nservice = "Odontología general"\n'
    second += 'after_months = 12\ntemplate = "control_anual"\n'
    message = config_error(with_recalls(campaign="") + second)
    assert (
        message == 'demo.toml: recalls.campaigns[1].id: "limpieza" is already the id of recalls.campaigns[0]'
    )


@pytest.mark.parametrize(
    ("setting", "place"),
    [
        ('id = "Limpieza Anual"', "recalls.campaigns[0].id"),
        ('template = "recordatorio-control"', "recalls.campaigns[0].template"),
        ('language = "ES"', "recalls.campaigns[0].language"),
    ],
)
def test_bad_campaign_values(setting: str, place: str) -> None:
    assert config_error(with_recalls(campaign=setting)).startswith(f"demo.toml: {place}: ")


def test_a_reengagement_template_is_read_and_is_none_by_default() -> None:
    assert parse_clinic(MINIMAL).reengagement == Reengagement()
    assert not parse_clinic(MINIMAL).reengagement.approved
    text = MINIMAL + '\n[reengagement]\ntemplate = "retomar_conversacion"\nlanguage = "es_MX"\n'
    assert parse_clinic(text).reengagement == Reengagement("retomar_conversacion", "es_MX")


@pytest.mark.parametrize(
    ("table", "place"),
    [
        ('template = "Retomar"', "reengagement.template"),
        ('template = "retomar"\nlanguage = "es-MX"', "reengagement.language"),
    ],
)
def test_a_bad_reengagement_template_names_its_place(table: str, place: str) -> None:
    assert config_error(MINIMAL + f"\n[reengagement]\n{table}\n").startswith(f"demo.toml: {place}: ")


def test_a_reengagement_table_needs_its_template() -> None:
    assert "template" in config_error(MINIMAL + '\n[reengagement]\nlanguage = "es"\n')


# --- Mistakes in services -------------------------------------------------------------------


def test_unknown_key_in_a_service() -> None:
    message = config_error(with_services(CLEANING, CLEANING.replace("limpieza", "otra") + "duration = 60\n"))
    assert "unknown field `duration`" in message
    assert "$.services[1]" in message


@pytest.mark.parametrize("missing", ["id", "name"])
def test_a_service_misses_a_required_key(missing: str) -> None:
    body = "".join(line + "\n" for line in CLEANING.splitlines() if not line.startswith(missing))
    message = config_error(with_services(body))
    assert f"missing required field `{missing}`" in message
    assert "$.services[0]" in message


def test_duplicate_service_id() -> None:
    message = config_error(with_services(CLEANING, 'id = "urgencia"\nname = "Urgencia"\n', CLEANING))
    assert message == 'demo.toml: services[2].id: "limpieza" is already the id of services[0]'


def test_bad_service_id() -> None:
    message = config_error(with_services('id = "Limpieza Dental"\nname = "Limpieza"\n'))
    assert message.startswith('demo.toml: services[0].id: "Limpieza Dental" must use only lowercase letters')


def test_blank_service_name_is_refused_by_the_domain_with_its_place() -> None:
    message = config_error(with_services('id = "limpieza"\nname = "   "\n'))
    assert message == "demo.toml: services[0]: service limpieza: the name cannot be blank"


def test_empty_synonym() -> None:
    message = config_error(with_services(CLEANING + 'synonyms = ["limpieza", ""]\n'))
    assert "$.services[0].synonyms[1]" in message


def test_unknown_doctor_names_the_known_ones() -> None:
    message = config_error(
        with_services(CLEANING, CLEANING.replace("limpieza", "otra") + 'doctors = ["soto", "gomez"]\n')
    )
    assert message == 'demo.toml: services[1].doctors[1]: "gomez" is no doctor of this file ("perez", "soto")'


def test_a_doctor_listed_twice() -> None:
    message = config_error(with_services(CLEANING + 'doctors = ["perez", "soto", "perez"]\n'))
    assert message == 'demo.toml: services[0].doctors[2]: "perez" is already services[0].doctors[0]'


def test_an_empty_doctors_list_is_refused_rather_than_read_as_everyone() -> None:
    message = config_error(with_services(CLEANING + "doctors = []\n"))
    assert "$.services[0].doctors" in message


def test_a_price_needs_its_currency() -> None:
    message = config_error(with_services(CLEANING + "price = 35000\n"))
    assert message == 'demo.toml: services[0].currency: required with a price, an ISO 4217 code like "CLP"'


@pytest.mark.parametrize(
    ("setting", "key"), [('currency = "CLP"', "currency"), ("price_from = true", "price_from")]
)
def test_currency_or_from_without_a_price(setting: str, key: str) -> None:
    message = config_error(with_services(CLEANING + setting + "\n"))
    assert message == f"demo.toml: services[0].{key}: given without a price; add the price or remove it"


@pytest.mark.parametrize("currency", ["clp", "CL", "PESOS", "", "C1P", "$"])
def test_bad_currency(currency: str) -> None:
    message = config_error(with_services(CLEANING + f'price = 35000\ncurrency = "{currency}"\n'))
    assert message == (
        f'demo.toml: services[0].currency: "{currency}" is not an ISO 4217 currency code like "CLP" or "MXN"'
    )


@pytest.mark.parametrize(
    ("written", "shown"), [("-1", "-1"), ("-0.50", "-0.50"), ("nan", "NaN"), ("inf", "Infinity")]
)
def test_a_price_below_zero_or_not_finite(written: str, shown: str) -> None:
    message = config_error(with_services(CLEANING + f'price = {written}\ncurrency = "CLP"\n'))
    assert message == f"demo.toml: services[0].price: {shown} is not an amount of 0 or more"


def test_a_quoted_price() -> None:
    message = config_error(with_services(CLEANING + 'price = "35000"\ncurrency = "CLP"\n'))
    assert message == (
        'demo.toml: services[0].price: "35000" is not a number; write it without quotes, like 35000 or 49.90'
    )


@pytest.mark.parametrize("written", ["true", "[35000]", "2026-01-01"])
def test_a_price_that_is_no_number(written: str) -> None:
    message = config_error(with_services(CLEANING + f'price = {written}\ncurrency = "CLP"\n'))
    assert message == "demo.toml: services[0].price: must be a number like 35000 or 49.90"


def test_two_defaults() -> None:
    first = CLEANING + "default = true\n"
    second = 'id = "urgencia"\nname = "Urgencia"\n'
    third = 'id = "extraccion"\nname = "Extracción"\ndefault = true\n'
    message = config_error(with_services(first, second, third))
    assert message == "demo.toml: services[2].default: services[0] is already the default"


@pytest.mark.parametrize("minutes", [0, 4, 481, -30])
def test_service_minutes_out_of_range(minutes: int) -> None:
    message = config_error(
        with_services(CLEANING, CLEANING.replace("limpieza", "otra") + f"minutes = {minutes}\n")
    )
    assert message.endswith("at `$.services[1].minutes`")


def test_a_decimal_where_a_whole_number_belongs() -> None:
    message = config_error(with_services(CLEANING + "minutes = 60.5\n"))
    assert message == "demo.toml: Expected `int | null`, got `decimal` - at `$.services[0].minutes`"


@pytest.mark.parametrize("key", ["price_from", "bookable", "default"])
def test_service_flags_must_be_booleans(key: str) -> None:
    message = config_error(with_services(CLEANING + f'{key} = "si"\n'))
    assert message.endswith(f"at `$.services[0].{key}`")


# --- [privacy] ------------------------------------------------------------------------------


def test_the_demo_clinic_has_a_privacy_notice() -> None:
    privacy = load_demo_clinic().privacy
    assert privacy.notice.version == "2026-12"
    assert privacy.notice.text.startswith("En Clínica Dental Sonrisa")
    assert privacy.notice.url == "https://sonrisa.example/privacidad"
    assert privacy.retention.messages == timedelta(days=90)


def test_privacy_defaults_when_the_file_says_nothing() -> None:
    privacy = parse_clinic(MINIMAL).privacy
    assert privacy == PrivacySettings()  # Santiago: Chile keeps clinical records 15 years


def test_a_privacy_table_is_read_as_written() -> None:
    text = MINIMAL + (
        '\n[privacy]\nnotice_version = "v2"\nnotice_text = "  Tus datos.  "\n'
        'notice_url = "https://example.cl/p"\n'
        "[privacy.retention]\nmessages_days = 30\nreceipts_days = 7\noutbound_days = 60\n"
        "clinical_records_years = 20\n"
    )
    assert parse_clinic(text).privacy == PrivacySettings(
        PrivacyNotice("v2", "Tus datos.", "https://example.cl/p"),
        Retention(
            messages=timedelta(days=30),
            receipts=timedelta(days=7),
            outbound=timedelta(days=60),
            clinical_records=timedelta(days=20 * DAYS_PER_YEAR),
        ),
    )


@pytest.mark.parametrize(
    ("setting", "years"),
    [
        ('country = "MX"', 5),
        ('country = "ES"', 5),
        ('country = "AR"', 10),
        ('country = "CO"', 15),
        ('country = "PE"', 20),
        ('country = "US"', 15),  # no rule known here: the longest common one
        ('locale = "es-MX"', 5),  # the locale's country when the file names none
    ],
)
def test_clinical_records_follow_the_country_when_unsaid(setting: str, years: int) -> None:
    text = MINIMAL.replace('timezone = "America/Santiago"\n', f'timezone = "America/Santiago"\n{setting}\n')
    assert parse_clinic(text).privacy.retention.clinical_records == timedelta(days=years * DAYS_PER_YEAR)


def test_clinical_records_follow_the_time_zone_country() -> None:
    text = MINIMAL.replace("America/Santiago", "America/Lima")
    assert parse_clinic(text).privacy.retention.clinical_records == timedelta(days=20 * DAYS_PER_YEAR)


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ('notice_url = "http://example.cl"', 'privacy.notice_url: "http://example.cl" is not a link like'),
        ('notice_url = "https://"', 'privacy.notice_url: "https://" is not a link like'),
        ('notice_version = ""', "notice_version"),
        ('notice_version = "   "', "privacy.notice_version: must not be blank"),
        ("notice_versio = 2", "notice_versio"),
        ("[privacy.retention]\nmessages_days = 0", "messages_days"),
        ("[privacy.retention]\nreceipts_days = 99999", "receipts_days"),
        ("[privacy.retention]\nclinical_records_years = 0", "clinical_records_years"),
        ("[privacy.retention]\nmessage_days = 30", "message_days"),
    ],
)
def test_privacy_mistakes_are_named(table: str, expected: str) -> None:
    assert expected in config_error(MINIMAL + "\n[privacy]\n" + table + "\n")
