"""The conversation on its own: session, messages and availability in, replies and staged changes
out, with no lock, inbox, outbox or sender (the turn's machinery) anywhere."""

from __future__ import annotations

from datetime import datetime

from adapters.memory.store import InMemoryUnitOfWorkFactory
from application import texts_es as texts
from application.conversation import ConversationService, TurnOutcome
from application.messages import ButtonsReply, DocumentReply, InboundMessage
from domain.consent import Consent
from domain.conversation import ChatSession, Speaker
from domain.conversation import ConversationState as S
from domain.understanding import Intent, Understanding
from domain.when import ClockTime
from tests.factories import clinic, doctor
from tests.unit.application.conftest import ANA, NOW, TOMORROW, ScriptedNlu

SONRISA = clinic(doctor("perez"))
ALL_AT_ONCE = Understanding(Intent.BOOK, day=TOMORROW, time=ClockTime(4), patient_name="Ana López")


def said(words: str, at: datetime = NOW, n: int = 1) -> InboundMessage:
    return InboundMessage.text_message(f"wamid.{n}", SONRISA.id, ANA, at, words)


def pressed(button_id: str, n: int = 1) -> InboundMessage:
    return InboundMessage.button_press(f"wamid.{n}", SONRISA.id, ANA, NOW, button_id)


async def test_a_turn_is_answered_and_staged_with_no_turn_machinery() -> None:
    nlu = ScriptedNlu()
    nlu.script["mañana a las 4, soy Ana López"] = ALL_AT_ONCE
    store = InMemoryUnitOfWorkFactory()
    # Ana answered the privacy notice before: the turn is about booking alone.
    store.store.consents.append(Consent(SONRISA.id, ANA, SONRISA.privacy.notice.version, True, NOW))
    session = ChatSession(SONRISA.id, ANA)
    async with store() as uow:
        answer = await ConversationService(nlu).answer(
            SONRISA, session, [said("mañana a las 4, soy Ana López")], NOW, uow
        )
    assert answer.outcome is TurnOutcome.ANSWERED
    [card] = answer.replies
    assert isinstance(card, ButtonsReply)
    assert "Ana López" in card.body
    assert session.state is S.CONFIRMING
    assert [turn.speaker for turn in session.history] == [Speaker.PATIENT, Speaker.BOT]
    # Nothing was saved, queued or committed: that is the turn's work.
    assert store.store.sessions == {}
    assert store.store.outbox.pending == {}


async def test_a_confirmation_is_staged_in_the_callers_unit_of_work_only() -> None:
    store = InMemoryUnitOfWorkFactory()
    nlu = ScriptedNlu()
    nlu.script["mañana a las 4, soy Ana López"] = ALL_AT_ONCE
    session = ChatSession(SONRISA.id, ANA)
    conversation = ConversationService(nlu)
    async with store() as uow:
        await conversation.answer(SONRISA, session, [said("mañana a las 4, soy Ana López")], NOW, uow)
        answer = await conversation.answer(SONRISA, session, [pressed("CONFIRM_BOOKING", 2)], NOW, uow)
        assert "✅" in answer.replies[0].body
        # Not committed: the unit of work is left without commit, so nothing was booked.
    assert store.store.appointments == {}
    assert session.state is S.CONFIRMED


async def test_a_slot_booked_earlier_in_a_turn_is_not_offered_later_in_the_same_turn() -> None:
    nlu = ScriptedNlu()
    nlu.script["mañana a las 4, soy Ana López"] = ALL_AT_ONCE
    nlu.script["y otra mañana a las 4"] = Understanding(Intent.BOOK, day=TOMORROW, time=ClockTime(4))
    store = InMemoryUnitOfWorkFactory()
    session = ChatSession(SONRISA.id, ANA)
    conversation = ConversationService(nlu)
    async with store() as uow:
        await conversation.answer(SONRISA, session, [said("mañana a las 4, soy Ana López")], NOW, uow)
        turn = [pressed("CONFIRM_BOOKING", 2), said("y otra mañana a las 4", n=3)]
        answer = await conversation.answer(SONRISA, session, turn, NOW, uow)
        await uow.commit()
    booked, calendar, taken, invite = answer.replies
    assert "lista de espera" in invite.body  # the time asked for is full: the waitlist is offered
    assert "✅" in booked.body
    assert isinstance(calendar, DocumentReply)
    assert "16:00" in taken.body
    assert session.collected.slot is None  # the time is taken now: it is not chosen again
    assert len(store.store.appointments) == 1


async def test_with_the_bot_off_a_turn_is_recorded_for_staff_and_not_answered() -> None:
    nlu = ScriptedNlu()
    session = ChatSession(SONRISA.id, ANA)
    session.hand_to_staff()
    async with InMemoryUnitOfWorkFactory()() as uow:
        answer = await ConversationService(nlu).answer(SONRISA, session, [said("hola")], NOW, uow)
    assert answer.outcome is TurnOutcome.RECORDED
    assert answer.replies == []
    assert nlu.calls == 0
    assert [turn.text for turn in session.history] == ["hola"]


def test_a_hand_off_pauses_the_bot_and_tells_the_patient_once() -> None:
    conversation = ConversationService(ScriptedNlu())
    session = ChatSession(SONRISA.id, ANA)
    first = conversation.hand_off(SONRISA, session, [said("hola")], NOW)
    again = conversation.hand_off(SONRISA, session, [said("¿hola?", n=2)], NOW)
    assert first.replies == [texts.handed_to_staff(SONRISA)]
    assert again.replies == []
    assert first.outcome is again.outcome is TurnOutcome.HANDED_OFF
    assert not session.bot_enabled
    assert [turn.speaker for turn in session.history] == [Speaker.PATIENT, Speaker.BOT, Speaker.PATIENT]
