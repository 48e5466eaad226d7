"""The admin's settings: a change is judged by the clinic file's own rules and messages, stored
whole or not at all, recorded by section without a patient's number, and seen at once."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
import tomli_w

from adapters.cached_clinics import CachedClinicDirectory, ForgettingClinicStore
from adapters.clinic_config.files import TomlClinicFiles
from adapters.clinic_config.toml_file import ClinicConfigError, load_demo_clinic, parse_clinic
from adapters.clinic_config.toml_writer import clinic_toml
from adapters.memory.audit import InMemoryAuditLog
from adapters.memory.clinics import InMemoryClinicDirectory
from adapters.memory.clock import FixedClock
from application.audit import Audit, Origin
from application.clinic_settings import ClinicSettings, describe, put_entry, remove_doctor, remove_entry
from application.ports import Actor, ActorKind, AuditAction, InvalidClinicFile
from domain.clinic import TimeRange
from domain.ids import ClinicId, DoctorId
from domain.language import Language
from domain.outreach import Template
from entrypoints.console import settings_forms as forms
from entrypoints.console import settings_languages as languages

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
SONRISA = ClinicId("sonrisa")
ADMIN = Origin(SONRISA, Actor(ActorKind.ACCOUNT, "admin"), "console", "203.0.113.7")
LOPEZ: dict[str, Any] = {
    "id": "lopez",
    "name": "Dra. Inés López",
    "specialty": "Endodoncia",
    "slot_minutes": 40,
    "days_off": [],
    "hours": {"monday": ["09:00-12:00", "14:00-18:00"], "thursday": ["10:00-13:00"]},
}


class Setup:
    def __init__(self) -> None:
        self.directory = InMemoryClinicDirectory([load_demo_clinic()])
        self.log = InMemoryAuditLog()
        self.settings = ClinicSettings(self.directory, TomlClinicFiles(), Audit(self.log, FixedClock(NOW)))

    async def entries(self) -> list[tuple[AuditAction, str]]:
        return [
            (r.entry.action, r.entry.detail) for r in await self.log.entries(SONRISA, before=None, limit=50)
        ]


@pytest.fixture
def setup() -> Setup:
    return Setup()


async def test_a_doctor_added_with_her_hours_is_stored_and_recorded(setup: Setup) -> None:
    clinic = await setup.settings.change(ADMIN, SONRISA, lambda d: put_entry(d, "doctors", dict(LOPEZ)))

    stored = await setup.directory.get(SONRISA)
    assert stored == clinic
    lopez = clinic.doctor(DoctorId("lopez"))
    assert lopez is not None
    assert lopez.slot_length == timedelta(minutes=40)
    assert lopez.hours.ranges[0] == (TimeRange(time(9), time(12)), TimeRange(time(14), time(18)))
    assert await setup.entries() == [(AuditAction.SETTINGS_CHANGED, 'doctors: added "lopez"')]


async def test_a_bad_value_is_refused_with_the_files_own_message_and_nothing_is_stored(setup: Setup) -> None:
    before = await setup.directory.get(SONRISA)
    broken = dict(LOPEZ, hours={"monday": ["9-13"]})
    with pytest.raises(InvalidClinicFile) as refused:
        await setup.settings.change(ADMIN, SONRISA, lambda d: put_entry(d, "doctors", broken))

    assert refused.value.detail == 'doctors[3].hours.monday[0]: "9-13" is not a range like "09:00-13:00"'
    # The very message `clinicflow clinic load` gives for the same file.
    document = TomlClinicFiles().document(load_demo_clinic())
    put_entry(document, "doctors", broken)
    with pytest.raises(ClinicConfigError) as from_file:
        parse_clinic(tomli_w.dumps(document), source="sonrisa.toml")
    assert from_file.value.detail == refused.value.detail
    assert await setup.directory.get(SONRISA) == before
    assert await setup.entries() == []


async def test_a_repeated_id_and_a_wrong_type_are_the_parsers_messages(setup: Setup) -> None:
    with pytest.raises(
        InvalidClinicFile, match=r'doctors\[3\].id: "perez" is already the id of doctors\[0\]'
    ):
        await setup.settings.change(
            ADMIN, SONRISA, lambda d: put_entry(d, "doctors", dict(LOPEZ, id="perez"))
        )
    with pytest.raises(
        InvalidClinicFile, match=r"Expected `int`, got `str` - at `\$.doctors\[3\].slot_minutes`"
    ):
        await setup.settings.change(
            ADMIN, SONRISA, lambda d: put_entry(d, "doctors", dict(LOPEZ, slot_minutes="media hora"))
        )


async def test_editing_a_doctor_names_what_changed(setup: Setup) -> None:
    def longer(document: dict[str, Any]) -> None:
        perez = dict(document["doctors"][0], slot_minutes=45)
        put_entry(document, "doctors", perez, replacing="perez")

    clinic = await setup.settings.change(ADMIN, SONRISA, longer)
    assert clinic.doctors[0].slot_length == timedelta(minutes=45)
    assert await setup.entries() == [
        (AuditAction.SETTINGS_CHANGED, 'doctors: changed "perez" (slot_minutes)')
    ]


async def test_a_deactivated_doctor_leaves_the_services_she_shared(setup: Setup) -> None:
    def without_rojas(document: dict[str, Any]) -> None:
        remove_entry(document, "services", "odontopediatria")  # only she does it
        remove_doctor(document, "rojas")

    clinic = await setup.settings.change(ADMIN, SONRISA, without_rojas)

    assert [d.id for d in clinic.doctors] == ["perez", "soto"]
    urgencia = clinic.service("urgencia")
    assert urgencia is not None
    assert urgencia.doctor_ids == ("perez",)
    assert await setup.entries() == [
        (
            AuditAction.SETTINGS_CHANGED,
            'doctors: removed "rojas"; services: removed "odontopediatria", changed "urgencia" (doctors)',
        )
    ]


async def test_a_service_only_she_does_stops_her_deactivation(setup: Setup) -> None:
    with pytest.raises(InvalidClinicFile, match='only "soto" does "Control de ortodoncia"'):
        await setup.settings.change(ADMIN, SONRISA, lambda d: remove_doctor(d, "soto"))

    # Remove those services first, then she can go.
    def without_soto(document: dict[str, Any]) -> None:
        remove_entry(document, "services", "control_ortodoncia")
        remove_entry(document, "services", "instalacion_brackets")
        remove_doctor(document, "soto")

    clinic = await setup.settings.change(ADMIN, SONRISA, without_soto)
    assert [d.id for d in clinic.doctors] == ["perez", "rojas"]


async def test_nothing_changed_stores_and_records_nothing(setup: Setup) -> None:
    await setup.settings.change(ADMIN, SONRISA, lambda d: None)
    assert await setup.entries() == []


async def test_an_uploaded_file_replaces_the_settings(setup: Setup) -> None:
    demo = load_demo_clinic()
    text = clinic_toml(demo).replace('name = "Clínica Dental Sonrisa"', 'name = "Sonrisa Providencia"')
    clinic = await setup.settings.import_file(ADMIN, SONRISA, text.encode())
    assert clinic.name == "Sonrisa Providencia"
    assert await setup.entries() == [(AuditAction.SETTINGS_CHANGED, "from a file: clinic: name")]


async def test_an_uploaded_file_with_a_mistake_or_of_another_clinic_is_refused(setup: Setup) -> None:
    text = clinic_toml(load_demo_clinic())
    with pytest.raises(InvalidClinicFile, match=r"doctors\[0\].slot_minutes"):
        await setup.settings.import_file(
            ADMIN, SONRISA, text.replace("slot_minutes = 30", "slot_minutes = 3", 1)
        )
    with pytest.raises(InvalidClinicFile, match="not valid TOML"):
        await setup.settings.import_file(ADMIN, SONRISA, b"[clinic\n")
    with pytest.raises(InvalidClinicFile, match='"otra" is another clinic'):
        await setup.settings.import_file(ADMIN, SONRISA, text.replace('id = "sonrisa"', 'id = "otra"'))
    assert await setup.directory.get(SONRISA) == load_demo_clinic()
    assert await setup.entries() == []


async def test_the_export_is_the_file_and_is_recorded(setup: Setup) -> None:
    text = await setup.settings.export(ADMIN, SONRISA)
    assert parse_clinic(text) == load_demo_clinic()
    assert await setup.entries() == [(AuditAction.SETTINGS_EXPORTED, "")]


def test_blocked_numbers_are_counted_never_written() -> None:
    before = {"clinic": {"name": "A", "blocked_numbers": ["56911112222"]}, "faq": []}
    after = {"clinic": {"name": "B", "blocked_numbers": []}, "faq": [{"question": "q", "answer": "a"}]}
    detail = describe(before, after)
    assert detail == "clinic: name, blocked_numbers (1 to 0); faq: 0 to 1 entries"
    assert "5691" not in detail


def test_nested_sections_name_their_place() -> None:
    before = {"recalls": {"snooze_days": 30, "campaigns": [{"id": "a", "after_months": 6}]}}
    after = {"recalls": {"snooze_days": 14, "campaigns": [{"id": "a", "after_months": 12}, {"id": "b"}]}}
    assert (
        describe(before, after)
        == 'recalls: snooze_days; recalls.campaigns: added "b", changed "a" (after_months)'
    )


async def test_a_change_is_seen_at_once_through_the_cache() -> None:
    directory = InMemoryClinicDirectory([load_demo_clinic()])
    cache = CachedClinicDirectory(directory, ttl=timedelta(hours=1))
    settings = ClinicSettings(
        ForgettingClinicStore(directory, cache), TomlClinicFiles(), Audit(InMemoryAuditLog(), FixedClock(NOW))
    )
    assert (await cache.get(SONRISA)) == load_demo_clinic()  # now cached for an hour
    await settings.change(ADMIN, SONRISA, lambda d: put_entry(d, "doctors", dict(LOPEZ)))
    seen = await cache.get(SONRISA)
    assert seen is not None
    assert seen.doctor("lopez") is not None


async def test_opening_hours_hand_off_and_waitlist_template_are_edited_stored_and_recorded(
    setup: Setup,
) -> None:
    def edit(document: dict[str, Any]) -> None:
        document["clinic"] = forms.clinic_table(document["clinic"], forms.clinic_values(document["clinic"]))
        opening = {"opening_monday": "09:00-13:00, 15:00-19:00", "opening_saturday": "10:00-14:00"}
        document["opening_hours"] = forms.opening_table(document.get("opening_hours"), opening)
        document["handoff"] = forms.handoff_table(
            document["handoff"],
            {"alert_webhook_url": "https://alertas.example/x", "return_after_minutes": "45"},
        )
        reminders = forms.reminder_values(document["reminders"]) | {"waitlist_template": "hora_libre"}
        document["reminders"] = forms.reminder_table(document["reminders"], reminders)

    clinic = await setup.settings.change(ADMIN, SONRISA, edit)

    assert await setup.directory.get(SONRISA) == clinic
    assert clinic.opening_hours is not None
    assert clinic.opening_hours.hours.ranges == {
        0: (TimeRange(time(9), time(13)), TimeRange(time(15), time(19))),
        5: (TimeRange(time(10), time(14)),),
    }
    assert clinic.handoff.alert_webhook_url == "https://alertas.example/x"
    assert clinic.handoff.return_after == timedelta(minutes=45)
    assert clinic.reminders.waitlist_template == "hora_libre"
    assert await setup.entries() == [
        (
            AuditAction.SETTINGS_CHANGED,
            "reminders: waitlist_template; handoff: return_after_minutes, alert_webhook_url;"
            " opening_hours: set",
        )
    ]

    # Saving another part keeps them.
    def rename(document: dict[str, Any]) -> None:
        document["clinic"]["name"] = "Sonrisa Providencia"

    renamed = await setup.settings.change(ADMIN, SONRISA, rename)
    assert (renamed.opening_hours, renamed.handoff, renamed.reminders) == (
        clinic.opening_hours,
        clinic.handoff,
        clinic.reminders,
    )


@pytest.mark.parametrize(
    ("section", "form", "message"),
    [
        ("opening_hours", {"opening_monday": "9-13"}, r'opening_hours.monday\[0\]: "9-13" is not a range'),
        (
            "handoff",
            {"alert_webhook_url": "http://alertas.example/x", "return_after_minutes": "45"},
            'handoff.alert_webhook_url: "http://alertas.example/x" is not an https link',
        ),
        ("handoff", {"return_after_minutes": "43201"}, r"<= 43200 - at `\$.handoff.return_after_minutes`"),
        ("handoff", {"return_after_minutes": "0"}, r">= 1 - at `\$.handoff.return_after_minutes`"),
    ],
)
async def test_bad_opening_hours_or_hand_off_settings_are_refused_by_the_files_rules(
    setup: Setup, section: str, form: dict[str, str], message: str
) -> None:
    def edit(document: dict[str, Any]) -> None:
        if section == "opening_hours":
            document["opening_hours"] = forms.opening_table(None, form)
        else:
            document["handoff"] = forms.handoff_table(document["handoff"], form)

    before = await setup.directory.get(SONRISA)
    with pytest.raises(InvalidClinicFile, match=message):
        await setup.settings.change(ADMIN, SONRISA, edit)
    assert await setup.directory.get(SONRISA) == before
    assert await setup.entries() == []


async def test_languages_and_their_templates_are_edited_stored_and_recorded(setup: Setup) -> None:
    def edit(document: dict[str, Any]) -> None:
        form = languages.language_values(document)
        del form["serve_pt"]
        form["en_reminders_template"] = "reminder_v2"
        languages.apply_languages(document, form)

    clinic = await setup.settings.change(ADMIN, SONRISA, edit)

    assert await setup.directory.get(SONRISA) == clinic
    assert clinic.languages == (Language.SPANISH, Language.ENGLISH)
    assert clinic.reminders.template_for(Language.ENGLISH) == Template("reminder_v2", "en_US")
    # Portuguese is no longer served, but its templates wait for it to be ticked again.
    assert clinic.reminders.template_for(Language.PORTUGUESE) == Template("lembrete_consulta", "pt_BR")
    assert await setup.entries() == [
        (AuditAction.SETTINGS_CHANGED, "clinic: languages; reminders.en: template")
    ]


def _emptied(prefix: str) -> dict[str, str]:
    return {f"{prefix}_{key}": "" for key in ("template", "waitlist_template", "language")}


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (
            _emptied("pt_reminders"),
            r"reminders\.pt: missing: the clinic serves Portuguese \(clinic\.languages\)",
        ),
        (
            {"en_reengagement_template": "", "en_reengagement_language": ""},
            r"reengagement\.en: missing: the clinic serves English",
        ),
        ({"en_reminders_language": "pt_BR"}, r'reminders\.en\.language: "pt_BR" is not a code of English'),
        ({"pt_reminders_waitlist_template": ""}, r'reminders\.pt\.waitlist_template: "" is not a WhatsApp'),
    ],
)
async def test_a_language_without_its_templates_is_refused_by_the_files_rules(
    setup: Setup, form: dict[str, str], message: str
) -> None:
    def edit(document: dict[str, Any]) -> None:
        languages.apply_languages(document, languages.language_values(document) | form)

    before = await setup.directory.get(SONRISA)
    with pytest.raises(InvalidClinicFile, match=message):
        await setup.settings.change(ADMIN, SONRISA, edit)
    assert await setup.directory.get(SONRISA) == before
    assert await setup.entries() == []


async def test_a_new_campaign_needs_its_template_in_each_language_served(setup: Setup) -> None:
    typed = {"service": "Ortodoncia", "after_months": "12", "template": "control_brackets", "language": "es"}

    def add(form: dict[str, str]) -> Any:
        def edit(document: dict[str, Any]) -> None:
            campaigns = document["recalls"]["campaigns"]
            campaigns.append(forms.campaign_table({}, "brackets", form))

        return edit

    with pytest.raises(InvalidClinicFile, match=r"recalls\.campaigns\[1\]\.en: missing"):
        await setup.settings.change(ADMIN, SONRISA, add(typed))
    in_each = typed | {
        "template_en": "braces_checkup",
        "language_en": "en_US",
        "template_pt": "revisao_aparelho",
        "language_pt": "pt_BR",
    }
    clinic = await setup.settings.change(ADMIN, SONRISA, add(in_each))
    campaign = clinic.recalls.campaign("brackets")
    assert campaign is not None
    assert campaign.template_for(Language.ENGLISH) == Template("braces_checkup", "en_US")
    assert campaign.template_for(Language.SPANISH) == Template("control_brackets", "es")
