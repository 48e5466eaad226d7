"""The privacy notice and the patient's consent in the chat: asked once per version, never in
the way of booking, and the model reads the patient's texts only with their consent."""

from __future__ import annotations

from dataclasses import replace

import pytest

from adapters.memory.recalls import InMemoryRecallLog
from application.consent import heard_answer
from application.messages import ButtonsReply
from application.recall_campaign import RecallOutcome, RunRecallCampaign
from application.texts_es import consent as texts
from domain.conversation import ConversationState as S
from domain.outreach import RecallCampaign, RecallSettings
from domain.privacy import PrivacyNotice, PrivacySettings
from domain.throttle import ModelRefusal
from domain.understanding import Intent, Understanding
from domain.when import ClockTime
from tests.unit.application.conftest import ANA, BETO, TOMORROW, FakeApp
from tests.unit.application.test_recalls_and_opt_out import visit

HOLA = Understanding(Intent.GREET)
ALL_AT_ONCE = Understanding(Intent.BOOK, day=TOMORROW, time=ClockTime(16), patient_name="Ana López")
# What only the model reads: a request the offline reader has no words for.
BY_MODEL = replace(ALL_AT_ONCE, by_model=True)


@pytest.fixture
def new(app: FakeApp) -> FakeApp:
    """The app with patients who never answered the clinic's privacy notice."""
    fresh = FakeApp(app.clinic, consented=())
    fresh.means("hola", HOLA)
    return fresh


def _answers(app: FakeApp) -> list[tuple[str, bool]]:
    return [(c.version, c.given) for c in app.uow.store.consents if c.patient == ANA]


def _refusals(app: FakeApp) -> list[ModelRefusal | None]:
    return [context.model_refusal for context in app.nlu.contexts]


async def test_first_contact_shows_the_notice_and_still_answers(new: FakeApp) -> None:
    [notice, welcome] = await new.say("hola")
    assert notice == texts.privacy_notice(new.clinic)
    assert isinstance(notice, ButtonsReply)
    assert [b.id for b in notice.buttons] == ["PRIVACY_CONSENT_YES", "PRIVACY_CONSENT_NO"]
    assert "Clínica Dental Sonrisa" in notice.body  # the standard wording names the clinic
    assert isinstance(welcome, ButtonsReply)
    assert _refusals(new) == [ModelRefusal.NO_CONSENT]  # read offline until they answer
    assert _answers(new) == []  # shown is not answered


async def test_the_clinics_own_text_and_link_are_shown(new: FakeApp) -> None:
    notice = PrivacyNotice("2026-12", "Usamos tus datos para agendar.", "https://sonrisa.example/p")
    new.clinic = replace(new.clinic, privacy=PrivacySettings(notice))
    [shown, _] = await new.say("hola")
    assert shown.body.startswith("Usamos tus datos para agendar. Aviso completo: https://sonrisa.example/p")


async def test_a_patient_who_does_not_answer_is_not_asked_again(new: FakeApp) -> None:
    await new.say("hola")
    assert texts.privacy_notice(new.clinic) not in await new.say("hola")
    assert _refusals(new) == [ModelRefusal.NO_CONSENT] * 2  # still read offline


async def test_yes_records_consent_and_the_model_may_read(new: FakeApp) -> None:
    await new.say("hola")
    [thanks] = await new.press("PRIVACY_CONSENT_YES")
    assert thanks == texts.consent_given(new.clinic)
    assert _answers(new) == [("1", True)]
    [consent] = new.uow.store.consents
    assert (consent.channel, consent.at) == ("whatsapp", new.clock.now())
    new.means("una hora para mañana a las 4, soy Ana López", BY_MODEL)
    [card] = await new.say("una hora para mañana a las 4, soy Ana López")
    assert new.session().state is S.CONFIRMING
    assert isinstance(card, ButtonsReply)
    assert _refusals(new)[-1] is None
    assert new.nlu.calls == 2  # the button was never read


async def test_no_then_the_patient_still_books_offline_and_the_model_is_never_asked(new: FakeApp) -> None:
    await new.say("hola")
    [declined] = await new.press("PRIVACY_CONSENT_NO")
    assert declined == texts.consent_declined(new.clinic)
    assert _answers(new) == [("1", False)]
    # What the model alone would read is not understood: the patient is shown the way on.
    new.means("una hora para mañana a las 4, soy Ana López", BY_MODEL)
    replies = await new.say("una hora para mañana a las 4, soy Ana López")
    assert new.session().state is S.IDLE
    assert texts.privacy_notice(new.clinic) not in replies  # answered: never asked again
    # What the offline reader reads books as always, and the buttons need no reading at all.
    new.means("mañana a las 4, soy Ana López", ALL_AT_ONCE)
    [card] = await new.say("mañana a las 4, soy Ana López")
    assert isinstance(card, ButtonsReply)
    await new.press("CONFIRM_BOOKING")
    [appointment] = new.appointments()
    assert new.local(appointment.starts_at) == "2026-12-01 16:00"
    assert set(_refusals(new)) == {ModelRefusal.NO_CONSENT}
    assert len(new.uow.store.reminders) == 2  # reminders are part of booking


async def test_a_new_notice_version_asks_again(new: FakeApp) -> None:
    await new.say("hola")
    await new.press("PRIVACY_CONSENT_YES")
    assert texts.privacy_notice(new.clinic) not in await new.say("hola")
    new.clinic = replace(new.clinic, privacy=PrivacySettings(PrivacyNotice("2")))
    [notice, _] = await new.say("hola")
    assert notice == texts.privacy_notice(new.clinic)
    assert _refusals(new)[-1] is ModelRefusal.NO_CONSENT  # consent to version 1 is not to version 2
    await new.press("PRIVACY_CONSENT_YES")
    assert _answers(new) == [("1", True), ("2", True)]


@pytest.mark.parametrize("withdrawal", ["retiro mi consentimiento", "Ya no acepto.", "NO ACEPTO"])
async def test_withdrawing_and_giving_consent_again_in_words(new: FakeApp, withdrawal: str) -> None:
    await new.say("hola")
    await new.press("PRIVACY_CONSENT_YES")
    calls = new.nlu.calls
    assert await new.say(withdrawal) == [texts.consent_declined(new.clinic)]
    assert await new.say("Acepto") == [texts.consent_given(new.clinic)]
    assert new.nlu.calls == calls  # recognised here, never read by the model
    assert _answers(new) == [("1", True), ("1", False), ("1", True)]


def test_consent_words_are_recognised_deterministically() -> None:
    assert heard_answer("acepto") is True
    assert heard_answer("Sí, acepto") is True
    assert heard_answer("hola, retiro mi consentimiento por favor") is False
    assert heard_answer("ya no acepto") is False
    assert heard_answer("acepto la hora de mañana") is None  # a booking, read as usual
    assert heard_answer("no acepto esa hora") is None


async def test_the_first_message_may_be_the_answer(new: FakeApp) -> None:
    assert await new.say("acepto") == [texts.consent_given(new.clinic)]  # no notice to answer again


async def test_only_patients_who_consent_get_recall_campaigns(new: FakeApp) -> None:
    cleaning = RecallCampaign("limpieza", "Odontología general", 6, "recordatorio_control")
    new.clinic = replace(new.clinic, recalls=RecallSettings(campaigns=(cleaning,)))
    visit(new, ANA, months_ago=7)
    visit(new, BETO, months_ago=8, name="Beto")
    await new.say("hola")
    await new.press("PRIVACY_CONSENT_YES")
    await new.say("hola", who=BETO)
    await new.press("PRIVACY_CONSENT_NO", who=BETO)
    run = RunRecallCampaign(InMemoryRecallLog(new.uow.store), new.sender, new.clock)
    results = await run(new.clinic, "limpieza")
    assert [(r.patient, r.outcome) for r in results] == [(ANA, RecallOutcome.SENT)]


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("I agree", True),
        ("yes, I agree!", True),
        ("I don't agree", False),
        ("hi, I withdraw my consent please", False),
        ("Aceito", True),
        ("Concordo!", True),
        ("Não aceito", False),
        ("oi, retiro meu consentimento", False),
        ("ok", None),
        ("I agree to pay", None),
    ],
)
def test_consent_is_answered_as_the_english_and_portuguese_texts_tell_patients_to_write(
    text: str, answer: bool | None
) -> None:
    assert heard_answer(text) is answer
