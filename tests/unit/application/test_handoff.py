"""When a conversation needs a person (issue 25): the patient asked, turns failed, a file came;
outside the clinic's hours the patient is told when a person answers; the alert for the clinic's
webhook is queued with the turn and sent until taken; a quiet conversation goes back to the bot."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta

import pytest

from adapters.memory.alerts import InMemoryAlertQueue
from adapters.memory.clock import FixedClock
from adapters.memory.lock import InMemoryConversationLock
from application import texts_es as texts
from application.audit import Audit
from application.handoff import DeliverAlerts, ReturnQuietConversations
from application.messages import InboundKind, InboundMessage, Media
from application.ports import ActorKind, AlertNotDelivered, AuditAction, HandoffAlert, NluUnavailable
from application.staff import StaffDesk
from application.texts_es import services as service_texts
from application.turn_processor import TurnPolicy
from domain.clinic import Clinic, TimeRange, WeeklyHours
from domain.handoff import HandoffSettings, NeedReason, OpeningHours
from domain.ids import MessageId
from domain.locale import Register
from domain.understanding import Intent, Understanding
from tests.unit.application.conftest import ANA, SANTIAGO, FakeApp
from tests.unit.application.test_services import BRACES

WEEKDAYS = (TimeRange(time(9), time(13)), TimeRange(time(15), time(19)))
HOURS = OpeningHours(WeeklyHours(dict.fromkeys(range(5), WEEKDAYS)))  # Monday to Friday
SATURDAY_NIGHT = datetime(2026, 12, 5, 22, 0, tzinfo=SANTIAGO)
MONDAY_MORNING = datetime(2026, 12, 7, 10, 0, tzinfo=SANTIAGO)
HOOK = "https://alerts.example.org/clinicflow"


def app_at(app: FakeApp, now: datetime, **changes: object) -> FakeApp:
    clinic: Clinic = replace(app.clinic, opening_hours=HOURS, **changes)  # type: ignore[arg-type]
    return FakeApp(clinic, clock=FixedClock(now))


async def test_asking_for_a_person_at_night_says_when_a_person_answers(app: FakeApp) -> None:
    night = app_at(app, SATURDAY_NIGHT)
    night.means("quiero hablar con una persona", Understanding(Intent.HANDOFF))
    [reply] = await night.say("quiero hablar con una persona")
    assert reply == texts.handoff(night.clinic, datetime(2026, 12, 7, 9, 0, tzinfo=SANTIAGO))
    assert "Te responderá una persona el lunes 7 de diciembre a las 09:00" in reply.body
    session = night.session()
    assert not session.bot_enabled
    assert session.needs_person is not None
    assert session.needs_person.reason is NeedReason.ASKED
    assert session.needs_person.since == SATURDAY_NIGHT


async def test_asking_for_a_person_while_open_says_no_time(app: FakeApp) -> None:
    day = app_at(app, MONDAY_MORNING)
    day.means("una persona", Understanding(Intent.HANDOFF))
    assert await day.say("una persona") == [texts.handoff(day.clinic)]


async def test_without_opening_hours_nothing_changes(app: FakeApp) -> None:
    app.means("una persona", Understanding(Intent.HANDOFF))
    assert await app.say("una persona") == [texts.handoff(app.clinic)]
    assert app.session().needs_person is not None


async def test_turns_failing_make_the_conversation_need_a_person(app: FakeApp) -> None:
    night = app_at(app, SATURDAY_NIGHT)
    night.turns = TurnPolicy(max_attempts=2)
    night.nlu.failure = NluUnavailable("down")
    await night.say("hola")
    night.clock.advance(timedelta(minutes=10))
    assert not await night.turn.take_turn(night.clinic.id, ANA)
    night.clock.advance(timedelta(minutes=10))
    assert await night.turn.take_turn(night.clinic.id, ANA)
    [told] = [s.message for s in night.sender.sent]
    assert told == texts.handed_to_staff(night.clinic, datetime(2026, 12, 7, 9, 0, tzinfo=SANTIAGO))
    need = night.session().needs_person
    assert need is not None
    assert need.reason is NeedReason.TURNS_FAILED


async def test_a_photo_waits_for_a_person_and_the_bot_goes_on(app: FakeApp) -> None:
    night = app_at(app, SATURDAY_NIGHT)
    message = InboundMessage(
        MessageId("wamid.photo"),
        night.clinic.id,
        ANA,
        night.clock.now(),
        InboundKind.IMAGE,
        "",
        media=Media("media-1", "image/jpeg"),
    )
    [reply] = await night.deliver(message)
    monday_nine = datetime(2026, 12, 7, 9, 0, tzinfo=SANTIAGO)
    assert reply == texts.received_for_staff(night.clinic, InboundKind.IMAGE, monday_nine)
    session = night.session()
    assert session.bot_enabled
    assert session.needs_person is not None
    assert session.needs_person.reason is NeedReason.FILE_TO_REVIEW


async def test_the_alert_is_queued_with_the_turn_once_per_need(app: FakeApp) -> None:
    hooked = app_at(app, SATURDAY_NIGHT, handoff=HandoffSettings(HOOK))
    hooked.means("una persona", Understanding(Intent.HANDOFF))
    await hooked.say("una persona")
    await hooked.say("¿hola?")  # still waiting: no second alert
    [row] = hooked.uow.store.alerts.rows.values()
    expected = HandoffAlert(hooked.clinic.id, NeedReason.ASKED, hooked.names.patient(ANA), SATURDAY_NIGHT)
    assert row.alert == expected


async def test_no_webhook_no_alert(app: FakeApp) -> None:
    app.means("una persona", Understanding(Intent.HANDOFF))
    await app.say("una persona")
    assert not app.uow.store.alerts.rows


class FlakyWebhook:
    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.posted: list[tuple[str, HandoffAlert]] = []

    async def post(self, url: str, alert: HandoffAlert) -> None:
        if self.failures:
            self.failures -= 1
            raise AlertNotDelivered("the alert webhook answered 503")
        self.posted.append((url, alert))


async def test_an_alert_not_taken_is_sent_again_after_a_pause(app: FakeApp) -> None:
    hooked = app_at(app, SATURDAY_NIGHT, handoff=HandoffSettings(HOOK))
    hooked.means("una persona", Understanding(Intent.HANDOFF))
    await hooked.say("una persona")
    webhook = FlakyWebhook(failures=1)
    queue = InMemoryAlertQueue(hooked.uow.store.alerts)
    deliver = DeliverAlerts(queue, webhook, hooked.clinics, hooked.clock)
    assert await deliver() == 0
    assert await deliver() == 0  # the pause is not over
    hooked.clock.advance(timedelta(seconds=30))
    assert await deliver() == 1
    [(url, alert)] = webhook.posted
    assert url == HOOK
    assert alert.reason is NeedReason.ASKED
    assert await deliver() == 0  # sent once


async def test_an_alert_is_given_up_after_its_tries(app: FakeApp) -> None:
    hooked = app_at(app, SATURDAY_NIGHT, handoff=HandoffSettings(HOOK))
    hooked.means("una persona", Understanding(Intent.HANDOFF))
    await hooked.say("una persona")
    queue = InMemoryAlertQueue(hooked.uow.store.alerts)
    deliver = DeliverAlerts(queue, FlakyWebhook(failures=5), hooked.clinics, hooked.clock, max_attempts=2)
    await deliver()
    hooked.clock.advance(timedelta(hours=1))
    await deliver()
    [row] = hooked.uow.store.alerts.rows.values()
    assert row.failed_at is not None
    assert row.sent_at is None


@pytest.fixture
def quiet_app(app: FakeApp) -> FakeApp:
    return app_at(app, MONDAY_MORNING, handoff=HandoffSettings(return_after=timedelta(minutes=120)))


def returner(app: FakeApp) -> ReturnQuietConversations:
    return ReturnQuietConversations(
        app.clinics,
        app.uow,
        InMemoryConversationLock(settle_seconds=0),
        app.clock,
        Audit(app.audit, app.clock),
        app.names,
    )


async def test_after_the_quiet_time_the_bot_takes_the_conversation_back(quiet_app: FakeApp) -> None:
    quiet_app.means("una persona", Understanding(Intent.HANDOFF))
    await quiet_app.say("una persona")
    quiet_app.clock.advance(timedelta(minutes=119))
    assert await returner(quiet_app)() == 0
    assert not quiet_app.session().bot_enabled
    quiet_app.clock.advance(timedelta(minutes=1))
    assert await returner(quiet_app)() == 1
    session = quiet_app.session()
    assert session.bot_enabled
    assert session.needs_person is None
    records = await quiet_app.audit.entries(quiet_app.clinic.id)
    [entry] = [r.entry for r in records if r.entry.action is AuditAction.CONVERSATION_RETURNED]
    assert entry.actor.kind is ActorKind.SYSTEM
    assert entry.target == quiet_app.names.patient(ANA)
    # The bot answers again.
    quiet_app.means("hola", Understanding(Intent.GREET))
    assert await quiet_app.say("hola") == [texts.welcome(quiet_app.clinic)]


async def test_a_patient_writing_keeps_the_person(quiet_app: FakeApp) -> None:
    quiet_app.means("una persona", Understanding(Intent.HANDOFF))
    await quiet_app.say("una persona")
    quiet_app.clock.advance(timedelta(minutes=100))
    await quiet_app.say("¿sigue ahí?")
    quiet_app.clock.advance(timedelta(minutes=100))
    assert await returner(quiet_app)() == 0
    assert not quiet_app.session().bot_enabled


@pytest.mark.parametrize(("locale", "register"), [("es-CL", Register.USTED), ("es-AR", Register.USTED)])
async def test_the_time_a_person_answers_speaks_as_the_clinic_does(
    app: FakeApp, locale: str, register: Register
) -> None:
    night = app_at(app, SATURDAY_NIGHT, locale=locale, register=register)
    night.means("una persona", Understanding(Intent.HANDOFF))
    [reply] = await night.say("una persona")
    assert "Le responderá una persona el lunes 7 de diciembre" in reply.body


def staff(app: FakeApp) -> StaffDesk:
    return StaffDesk(app.uow, app.lock, app.deliver_replies, app.clock, app.clinics)


async def test_a_staff_reply_ends_the_wait_and_restarts_the_quiet_time(quiet_app: FakeApp) -> None:
    quiet_app.means("una persona", Understanding(Intent.HANDOFF))
    await quiet_app.say("una persona")
    assert await staff(quiet_app).waiting_count(quiet_app.clinic.id) == 1
    quiet_app.clock.advance(timedelta(minutes=100))
    await staff(quiet_app).reply(quiet_app.clinic.id, ANA, "Hola, le escribe Carla.")
    assert await staff(quiet_app).waiting_count(quiet_app.clinic.id) == 0
    quiet_app.clock.advance(timedelta(minutes=100))  # 200 min after the request, 100 after the reply
    assert await returner(quiet_app)() == 0
    quiet_app.clock.advance(timedelta(minutes=20))
    assert await returner(quiet_app)() == 1


async def test_handing_back_ends_the_wait(app: FakeApp) -> None:
    app.means("una persona", Understanding(Intent.HANDOFF))
    await app.say("una persona")
    await staff(app).set_bot(app.clinic.id, ANA, enabled=True)
    assert app.session().needs_person is None
    assert await staff(app).waiting(app.clinic.id) == []


async def test_opening_the_file_ends_a_wait_for_it_only(app: FakeApp) -> None:
    jpeg = Media("m", "image/jpeg")
    now = app.clock.now()
    photo = InboundMessage(MessageId("wamid.p"), app.clinic.id, ANA, now, InboundKind.IMAGE, "", media=jpeg)
    await app.deliver(photo)
    assert await staff(app).reviewed_file(app.clinic.id, ANA)
    assert app.session().needs_person is None
    app.means("una persona", Understanding(Intent.HANDOFF))
    await app.say("una persona")
    assert not await staff(app).reviewed_file(app.clinic.id, ANA)  # a person was asked for: still waiting
    assert app.session().needs_person is not None


async def test_a_service_a_person_books_waits_for_a_person_who_answers_on_monday(app: FakeApp) -> None:
    night = app_at(app, SATURDAY_NIGHT, services=(BRACES,))
    night.means("brackets", Understanding(Intent.BOOK, service_id=BRACES.id))
    [reply] = await night.say("brackets")
    monday_nine = datetime(2026, 12, 7, 9, 0, tzinfo=SANTIAGO)
    assert reply == service_texts.needs_a_person(night.clinic, BRACES, monday_nine)
    assert "Te responderá una persona el lunes 7 de diciembre" in reply.body
    need = night.session().needs_person
    assert need is not None
    assert need.reason is NeedReason.SERVICE


async def test_an_unanswered_question_waits_for_a_person_who_answers_on_monday(app: FakeApp) -> None:
    hooked = app_at(app, SATURDAY_NIGHT, handoff=HandoffSettings(HOOK))
    # The model reads a question (answer_faq) that none of the clinic's answers covers.
    hooked.means("¿atienden con seguro complementario?", Understanding(Intent.FAQ))
    [reply] = await hooked.say("¿atienden con seguro complementario?")
    monday_nine = datetime(2026, 12, 7, 9, 0, tzinfo=SANTIAGO)
    assert reply == texts.question_for_staff(hooked.clinic, monday_nine)
    assert reply.body.startswith("No tengo la respuesta a eso")
    assert "Te responderá una persona el lunes 7 de diciembre a las 09:00" in reply.body
    session = hooked.session()
    assert session.bot_enabled  # the patient can still book meanwhile
    assert session.needs_person is not None
    assert session.needs_person.reason is NeedReason.QUESTION
    [row] = hooked.uow.store.alerts.rows.values()
    assert row.alert.reason is NeedReason.QUESTION


async def test_an_unanswered_question_mid_booking_asks_the_open_question_again(app: FakeApp) -> None:
    day = app_at(app, MONDAY_MORNING)
    day.means("quiero una hora", Understanding(Intent.BOOK))
    [prompt] = await day.say("quiero una hora")
    day.means("¿hay estacionamiento para bicicletas?", Understanding(Intent.FAQ))
    replies = await day.say("¿hay estacionamiento para bicicletas?")
    assert replies[0] == texts.question_for_staff(day.clinic)  # open now: no time given
    assert replies[1:] == [prompt]


async def test_an_unanswered_question_is_answered_with_usted_where_the_clinic_speaks_so(app: FakeApp) -> None:
    formal = replace(app.clinic, register=Register.USTED)
    reply = texts.question_for_staff(formal)
    assert reply.body.endswith("que le contestará por este mismo chat.")
