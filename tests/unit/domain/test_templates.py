"""Each policy's template in a patient's language: its own when the clinic gave one, else the
first language's; never two for the same language."""

from __future__ import annotations

from dataclasses import replace

import pytest

from domain.errors import InvalidClinic
from domain.language import Language
from domain.outreach import (
    RecallCampaign,
    RecallSettings,
    Reengagement,
    ReminderPolicy,
    ReminderTemplates,
    Template,
)
from tests.factories import clinic as make_clinic

ENGLISH, PORTUGUESE, SPANISH = Language.ENGLISH, Language.PORTUGUESE, Language.SPANISH
REMINDERS = ReminderPolicy(
    template="recordatorio_cita",
    language="es_MX",
    waitlist_template="lista_espera_hora",
    translated=((ENGLISH, ReminderTemplates("appointment_reminder", "waitlist_offer", "en_US")),),
)


def test_a_language_with_its_own_templates_gets_them() -> None:
    assert REMINDERS.template_for(ENGLISH) == Template("appointment_reminder", "en_US")
    assert REMINDERS.waitlist_template_for(ENGLISH) == Template("waitlist_offer", "en_US")
    campaign = RecallCampaign(
        "limpieza", "Odontología", 6, "control", translated=((PORTUGUESE, Template("revisao", "pt_BR")),)
    )
    assert campaign.template_for(PORTUGUESE) == Template("revisao", "pt_BR")
    reengagement = Reengagement("retomar", translated=((ENGLISH, Template("resume", "en")),))
    assert reengagement.template_for(ENGLISH) == Template("resume", "en")


def test_without_its_own_a_language_gets_the_first_languages() -> None:
    assert REMINDERS.template_for(PORTUGUESE) == Template("recordatorio_cita", "es_MX")
    assert REMINDERS.waitlist_template_for(SPANISH) == Template("lista_espera_hora", "es_MX")
    assert REMINDERS.template_for(None) == Template("recordatorio_cita", "es_MX")
    assert RecallCampaign("a", "b", 6, "control").template_for(ENGLISH) == Template("control", "es")
    assert Reengagement("retomar").template_for(ENGLISH) == Template("retomar", "es")


def test_a_language_cannot_have_two_templates() -> None:
    twice = (ENGLISH, Template("a", "en")), (ENGLISH, Template("b", "en_US"))
    with pytest.raises(InvalidClinic, match="a language has two templates"):
        Reengagement("retomar", translated=twice)
    with pytest.raises(InvalidClinic, match="recall a: the 'en' template needs a name"):
        RecallCampaign("a", "b", 6, "control", translated=((ENGLISH, Template("", "en")),))
    with pytest.raises(InvalidClinic):
        ReminderTemplates("appointment_reminder", "", "en")


def test_the_first_languages_templates_are_the_policys_own() -> None:
    spanish = ((SPANISH, Template("otra", "es")),)
    with pytest.raises(InvalidClinic, match="reengagement: 'es' is the clinic's first language"):
        replace(make_clinic(), reengagement=Reengagement("retomar", translated=spanish))
    campaign = RecallCampaign("a", "Odontología", 6, "control", translated=spanish)
    with pytest.raises(InvalidClinic, match="recall a: 'es' is the clinic's first language"):
        replace(make_clinic(), recalls=RecallSettings(campaigns=(campaign,)))
    english_first = replace(make_clinic(), languages=(ENGLISH, SPANISH), recalls=RecallSettings((campaign,)))
    assert english_first.recalls.campaigns[0].template_for(SPANISH) == Template("otra", "es")
