"""Staff take a conversation over, answer as the clinic and hand it back; API keys open one clinic."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

import pytest

from adapters.memory.clinics import InMemoryClinicDirectory
from adapters.memory.clock import FixedClock
from adapters.memory.staff_keys import InMemoryStaffKeys
from application.audit import Audit, Origin
from application.messages import (
    OUTSIDE_SERVICE_WINDOW,
    ButtonsReply,
    DeliveryReport,
    DeliveryState,
    DocumentReply,
    InboundMessage,
    TemplateReply,
    TextReply,
)
from application.ports import Actor, ActorKind, UnknownClinic
from application.staff import (
    KEY_PREFIX,
    AgendaDesk,
    ClinicDesk,
    InvalidRequest,
    StaffAccess,
    StaffDesk,
    StaffReply,
    UnknownAppointment,
    UnknownConversation,
    WindowClosed,
    key_hash,
)
from domain.appointment import AppointmentStatus, BookingSource, VisitOutcome
from domain.conversation import SERVICE_WINDOW, Attachment, Speaker
from domain.errors import AppointmentPassed, SlotUnavailable, VisitNotDue
from domain.ids import ClinicId, DoctorId, PatientAddress
from domain.language import Language
from domain.outreach import Reengagement, Template
from domain.understanding import Intent, Understanding
from tests.factories import clinic
from tests.unit.application.conftest import ANA, BETO, NOW, SANTIAGO, TOMORROW, FakeApp, RateLimited


@dataclasses.dataclass
class Receipts:
    """A delivery of receipts alone (``application.intake.Delivery``)."""

    receipts: list[DeliveryReport]

    def business_numbers(self) -> set[str]:
        return set()

    def messages(self, clinics: object) -> list[InboundMessage]:
        return []

    def reports(self) -> list[DeliveryReport]:
        return self.receipts


def desk(app: FakeApp) -> StaffDesk:
    return StaffDesk(app.uow, app.lock, app.deliver_replies, app.clock, app.clinics)


async def test_while_staff_hold_a_conversation_the_bot_records_but_does_not_answer(app: FakeApp) -> None:
    app.means("hola", Understanding(Intent.GREET))
    assert await app.say("hola")
    await desk(app).set_bot(app.clinic.id, ANA, enabled=False)
    assert await app.say("hola") == []
    assert [t.text for t in app.session().history if t.speaker is Speaker.PATIENT] == ["hola", "hola"]
    await desk(app).set_bot(app.clinic.id, ANA, enabled=True)
    assert await app.say("hola")


async def test_a_number_that_never_wrote_can_be_paused_ahead_of_its_first_message(app: FakeApp) -> None:
    await desk(app).set_bot(app.clinic.id, BETO, enabled=False)
    app.means("hola", Understanding(Intent.GREET))
    assert await app.say("hola", BETO) == []


async def test_a_manual_reply_goes_out_as_the_clinic_is_kept_in_the_history_and_takes_over(
    app: FakeApp,
) -> None:
    app.means("hola", Understanding(Intent.GREET))
    await app.say("hola")
    sent_before = len(app.sender.sent)
    assert (await desk(app).reply(app.clinic.id, ANA, "  Hola Ana, le escribe Carla de recepción.  ")).sent
    [sent] = app.sender.sent[sent_before:]
    assert sent.to == ANA
    assert sent.message == TextReply("Hola Ana, le escribe Carla de recepción.")
    last = app.session().history[-1]
    assert (last.speaker, last.text) == (Speaker.STAFF, "Hola Ana, le escribe Carla de recepción.")
    assert not app.session().bot_enabled
    assert await app.say("hola") == []  # the patient now talks to a person


async def test_a_manual_reply_meta_refuses_for_now_waits_in_the_outbox_and_goes_out_later(
    app: FakeApp,
) -> None:

    app.means("hola", Understanding(Intent.GREET))
    await app.say("hola")
    app.refuse(RateLimited("slow down"))
    assert not (await desk(app).reply(app.clinic.id, ANA, "Ya le respondemos")).sent
    app.clock.advance(timedelta(minutes=1))
    assert await app.deliver_replies(app.clinic.id, ANA)
    assert app.sender.sent[-1].message == TextReply("Ya le respondemos")


@pytest.mark.parametrize(("text", "problem"), [("   ", "empty"), ("x" * 4097, "longer than")])
async def test_an_empty_or_oversized_reply_is_refused(app: FakeApp, text: str, problem: str) -> None:
    app.means("hola", Understanding(Intent.GREET))
    await app.say("hola")
    with pytest.raises(InvalidRequest, match=problem):
        await desk(app).reply(app.clinic.id, ANA, text)


async def test_there_is_no_replying_to_a_conversation_that_does_not_exist(app: FakeApp) -> None:
    with pytest.raises(UnknownConversation):
        await desk(app).reply(app.clinic.id, BETO, "hola")
    with pytest.raises(UnknownConversation):
        await desk(app).conversation(app.clinic.id, BETO)


async def test_conversations_come_latest_message_first_and_only_the_clinics_own(app: FakeApp) -> None:
    app.means("hola", Understanding(Intent.GREET))
    await app.say("hola", ANA)
    app.clock.advance(timedelta(minutes=5))
    await app.say("hola", BETO)
    listed = await desk(app).conversations(app.clinic.id)
    assert [c.patient for c in listed] == [BETO, ANA]
    assert listed[0].last_turn is not None
    assert listed[0].last_turn.speaker is Speaker.BOT
    app.clock.advance(timedelta(minutes=5))
    await desk(app).reply(app.clinic.id, ANA, "¿Le ayudo en algo más?")
    assert [c.patient for c in await desk(app).conversations(app.clinic.id)] == [ANA, BETO]
    assert [c.patient for c in await desk(app).conversations(app.clinic.id, limit=1)] == [ANA]
    assert await desk(app).conversations(ClinicId("otra")) == []


async def test_a_patient_who_asks_for_a_person_gets_one_and_the_bot_steps_aside(app: FakeApp) -> None:
    app.means("quiero hablar con una persona", Understanding(Intent.HANDOFF))
    app.means("hola", Understanding(Intent.GREET))
    [reply] = await app.say("quiero hablar con una persona")
    assert isinstance(reply, TextReply)
    assert "una persona de" in reply.body
    assert not app.session().bot_enabled
    assert await app.say("hola") == []
    assert app.session().history[-1].text == "hola"  # still recorded, for staff to read
    await desk(app).set_bot(app.clinic.id, ANA, enabled=True)
    assert await app.say("hola")


async def test_a_key_opens_its_own_clinic_only_until_revoked() -> None:
    sonrisa = clinic()
    other = dataclasses.replace(sonrisa, id=ClinicId("otra"), phone_number_id="200000000000002")
    keys = InMemoryStaffKeys()
    access = StaffAccess(keys, InMemoryClinicDirectory([sonrisa, other]), FixedClock(NOW))
    issued = await access.issue(sonrisa.id, "recepción")
    assert issued.secret.startswith(KEY_PREFIX)
    assert len(issued.secret) > 40
    assert await access.clinic_of(issued.secret) == sonrisa.id
    assert await access.clinic_of(issued.secret + "x") is None
    assert await access.clinic_of("Bearer " + issued.secret) is None
    assert await keys.by_hash(key_hash(issued.secret)) == issued.key  # only the hash is kept
    assert [k.name for k in await access.of_clinic(sonrisa.id)] == ["recepción"]
    assert await access.of_clinic(other.id) == []
    assert await access.revoke(issued.key.id)
    assert await access.clinic_of(issued.secret) is None
    assert not await access.revoke(issued.key.id)
    with pytest.raises(UnknownClinic):
        await access.issue(ClinicId("nadie"), "x")


def test_patient_addresses_in_the_api_are_phone_digits_or_user_ids() -> None:
    from entrypoints.patient_paths import patient_of

    assert patient_of("+56911112222") == PatientAddress("56911112222")
    assert patient_of("user_id:US.1349").value == "US.1349"
    for bad in ("abc", "123", "user_id:", "5691111222233334444"):
        with pytest.raises(InvalidRequest):
            patient_of(bad)


async def test_staff_switch_the_bot_and_block_numbers_but_not_the_files_own(app: FakeApp) -> None:
    directory = InMemoryClinicDirectory([app.clinic])
    clinics = ClinicDesk(directory, directory)
    await clinics.set_bot(app.clinic.id, enabled=False)
    assert not await clinics.bot_enabled(app.clinic.id)
    await clinics.block(app.clinic.id, ANA)
    assert ANA.value in await clinics.blocked(app.clinic.id)
    assert await clinics.unblock(app.clinic.id, ANA)
    assert not await clinics.unblock(app.clinic.id, ANA)
    assert not await clinics.unblock(app.clinic.id, PatientAddress("56900000000"))  # the file blocks it
    assert await clinics.blocked(app.clinic.id) == ["56900000000"]
    with pytest.raises(UnknownClinic):
        await clinics.bot_enabled(ClinicId("nadie"))


def agenda(app: FakeApp) -> AgendaDesk:
    return AgendaDesk(InMemoryClinicDirectory([app.clinic]), app.uow, app.clock, Audit(app.audit, app.clock))


TOMORROW_10 = datetime(2026, 12, 1, 10, 0, tzinfo=SANTIAGO)
DESK = Origin(ClinicId("sonrisa"), Actor(ActorKind.ACCOUNT, "recepcion-1"), "console")


async def test_staff_book_a_free_slot_with_its_reminders_and_see_it_in_the_agenda(app: FakeApp) -> None:
    booked = await agenda(app).book(app.clinic.id, DoctorId("perez"), TOMORROW_10, BETO, "  Beto Soto ")
    assert (booked.patient_name, booked.source) == ("Beto Soto", BookingSource.STAFF)
    assert booked.starts_at == TOMORROW_10
    assert len(app.uow.store.reminders) == 2  # the clinic's offsets: the day before and the hour before
    assert [a.id for a in await agenda(app).appointments(app.clinic.id, TOMORROW, 1)] == [booked.id]
    assert await agenda(app).appointments(app.clinic.id, TOMORROW + timedelta(days=1), 7) == []
    assert [a.id for a in await agenda(app).appointments(app.clinic.id, None, 7)] == [booked.id]  # from today


@pytest.mark.parametrize(
    ("doctor", "starts_at", "name", "refusal", "problem"),
    [
        ("perez", TOMORROW_10.replace(minute=10), "Ana", SlotUnavailable, "not a free time"),  # off the grid
        ("perez", TOMORROW_10.replace(tzinfo=None), "Ana", InvalidRequest, "UTC offset"),
        ("nadie", TOMORROW_10, "Ana", SlotUnavailable, "no doctor"),
        ("perez", TOMORROW_10, "  ", InvalidRequest, "name"),
        ("perez", TOMORROW_10 + timedelta(days=400), "Ana", SlotUnavailable, "not a free time"),  # too far
    ],
)
async def test_staff_cannot_book_what_the_bot_would_not_offer(
    app: FakeApp, doctor: str, starts_at: datetime, name: str, refusal: type[Exception], problem: str
) -> None:
    with pytest.raises(refusal, match=problem):
        await agenda(app).book(app.clinic.id, DoctorId(doctor), starts_at, ANA, name)


async def test_a_taken_slot_is_refused_and_a_cancelled_one_is_free_again(app: FakeApp) -> None:
    first = await agenda(app).book(app.clinic.id, DoctorId("perez"), TOMORROW_10, ANA, "Ana")
    with pytest.raises(SlotUnavailable):
        await agenda(app).book(app.clinic.id, DoctorId("perez"), TOMORROW_10, BETO, "Beto")
    cancelled = await agenda(app).cancel(app.clinic.id, first.id, DESK)
    assert cancelled.status is AppointmentStatus.CANCELLED
    assert await agenda(app).book(app.clinic.id, DoctorId("perez"), TOMORROW_10, BETO, "Beto")
    with pytest.raises(UnknownAppointment):
        await agenda(app).cancel(ClinicId("otra"), first.id, DESK)


async def test_staff_note_whether_the_patient_came_once_the_time_has_come(app: FakeApp) -> None:
    booked = await agenda(app).book(app.clinic.id, DoctorId("perez"), TOMORROW_10, ANA, "Ana")
    with pytest.raises(VisitNotDue):
        await agenda(app).record_visit(app.clinic.id, booked.id, VisitOutcome.ATTENDED)
    app.clock.advance(TOMORROW_10 - NOW + timedelta(minutes=5))
    with pytest.raises(AppointmentPassed):  # it has started: too late to cancel
        await agenda(app).cancel(app.clinic.id, booked.id, DESK)
    noted = await agenda(app).record_visit(app.clinic.id, booked.id, VisitOutcome.ATTENDED)
    assert noted.visit is VisitOutcome.ATTENDED
    corrected = await agenda(app).record_visit(app.clinic.id, booked.id, VisitOutcome.NO_SHOW)
    assert (corrected.visit, corrected.visit_recorded_at) == (VisitOutcome.NO_SHOW, app.clock.now())
    [stored] = await agenda(app).appointments(app.clinic.id, TOMORROW, 1)
    assert stored.visit is VisitOutcome.NO_SHOW
    with pytest.raises(UnknownAppointment):
        await agenda(app).record_visit(ClinicId("otra"), booked.id, VisitOutcome.ATTENDED)


async def test_a_cancelled_appointment_has_no_visit_to_note(app: FakeApp) -> None:
    booked = await agenda(app).book(app.clinic.id, DoctorId("perez"), TOMORROW_10, ANA, "Ana")
    await agenda(app).cancel(app.clinic.id, booked.id, DESK)
    app.clock.advance(timedelta(days=2))
    with pytest.raises(VisitNotDue, match="cancelled"):
        await agenda(app).record_visit(app.clinic.id, booked.id, VisitOutcome.NO_SHOW)


async def test_a_cancellation_by_the_clinic_is_told_to_the_patient_and_shown_to_staff(app: FakeApp) -> None:
    await app.say("Hola")  # Ana has a conversation
    booked = await agenda(app).book(app.clinic.id, DoctorId("perez"), TOMORROW_10, ANA, "Ana")
    await agenda(app).cancel(app.clinic.id, booked.id, DESK)
    await agenda(app).cancel(app.clinic.id, booked.id, DESK)  # again: nothing more is said
    [queued, calendar] = [row.message for row in app.uow.store.outbox.pending.values()]
    assert isinstance(calendar, DocumentReply)  # takes it off the patient's calendar
    assert b"METHOD:CANCEL" in calendar.content
    assert isinstance(queued, ButtonsReply)
    assert "canceló tu cita de mañana martes 1 de diciembre a las 10:00" in queued.body
    assert app.session().history[-1].speaker is Speaker.STAFF
    assert app.session().history[-1].text == queued.body
    await app.deliver_replies(app.clinic.id, ANA)
    assert app.sender.to(ANA)[-2:] == [queued, calendar]


async def test_a_reply_a_day_after_the_patient_last_wrote_goes_as_the_reengagement_template(
    app: FakeApp,
) -> None:
    app.clinic = dataclasses.replace(app.clinic, reengagement=Reengagement("retomar_conversacion", "es_CL"))
    app.means("hola", Understanding(Intent.GREET))
    await app.say("hola")
    app.clock.advance(SERVICE_WINDOW + timedelta(minutes=1))
    reply = await desk(app).reply(app.clinic.id, ANA, "Hola Ana:\n\nya tenemos  su orden.")
    assert reply == StaffReply(sent=True, template="retomar_conversacion")
    sent = app.sender.sent[-1].message
    assert sent == TemplateReply(
        "retomar_conversacion",
        "es_CL",
        (app.clinic.name, "Hola Ana: ya tenemos su orden."),
        body="Hola Ana:\n\nya tenemos  su orden.",
    )
    last = app.session().history[-1]
    assert (last.speaker, last.text) == (Speaker.STAFF, "Hola Ana:\n\nya tenemos  su orden.")
    assert last.attachment == Attachment("template", filename="retomar_conversacion")


async def test_within_the_window_a_reply_goes_as_typed(app: FakeApp) -> None:
    app.clinic = dataclasses.replace(app.clinic, reengagement=Reengagement("retomar_conversacion"))
    app.means("hola", Understanding(Intent.GREET))
    await app.say("hola")
    app.clock.advance(SERVICE_WINDOW - timedelta(minutes=1))
    assert await desk(app).reply(app.clinic.id, ANA, "Hola") == StaffReply(sent=True)
    assert app.sender.sent[-1].message == TextReply("Hola")


async def test_without_an_approved_template_a_late_reply_is_refused_not_lost_quietly(app: FakeApp) -> None:
    app.means("hola", Understanding(Intent.GREET))
    await app.say("hola")
    app.clock.advance(timedelta(days=2))
    before = len(app.sender.sent)
    with pytest.raises(WindowClosed):
        await desk(app).reply(app.clinic.id, ANA, "Hola")
    assert len(app.sender.sent) == before
    assert app.session().history[-1].speaker is not Speaker.STAFF


async def test_a_reply_whatsapp_refuses_later_as_too_late_is_sent_again_as_the_template_once(
    app: FakeApp,
) -> None:
    app.clinic = dataclasses.replace(app.clinic, reengagement=Reengagement("retomar_conversacion"))
    app.means("hola", Understanding(Intent.GREET))
    [greeting] = await app.say("hola")
    reference = app.sender.sent[-1].reference
    assert reference is not None
    refused = DeliveryReport(
        "wamid.out", DeliveryState.FAILED, NOW, error_code=OUTSIDE_SERVICE_WINDOW, reference=reference
    )
    recorded = await app.intake.record(Receipts([refused]))
    assert recorded.resent == [(app.clinic.id, ANA)]
    await app.turn.take_turn(app.clinic.id, ANA)
    assert app.sender.sent[-1].message == TemplateReply(
        "retomar_conversacion", "es", (app.clinic.name, " ".join(greeting.body.split())), body=greeting.body
    )
    assert app.session().history[-1].attachment == Attachment("resent", filename="retomar_conversacion")
    again = await app.intake.record(Receipts([refused]))  # Meta delivers the receipt again
    assert again.resent == []
    await app.turn.take_turn(app.clinic.id, ANA)
    assert [s.message.name for s in app.sender.sent if isinstance(s.message, TemplateReply)] == [
        "retomar_conversacion"
    ]


@pytest.mark.parametrize("refused_late", [False, True], ids=["staff reply", "refused as too late"])
async def test_a_late_reply_to_an_english_speaking_patient_goes_in_the_english_template(
    app: FakeApp, refused_late: bool
) -> None:
    english = (Language.ENGLISH, Template("resume_conversation", "en_US"))
    app.clinic = dataclasses.replace(
        app.clinic,
        languages=(Language.SPANISH, Language.ENGLISH),
        reengagement=Reengagement("retomar_conversacion", translated=(english,)),
    )
    app.means("hi", Understanding(Intent.GREET))
    await app.say("hi")
    app.uow.store.sessions[(app.clinic.id, ANA)].language = Language.ENGLISH
    if refused_late:
        reference = app.sender.sent[-1].reference
        refused = DeliveryReport(
            "wamid.out", DeliveryState.FAILED, NOW, error_code=OUTSIDE_SERVICE_WINDOW, reference=reference
        )
        await app.intake.record(Receipts([refused]))
        await app.turn.take_turn(app.clinic.id, ANA)
    else:
        app.clock.advance(timedelta(days=2))
        await desk(app).reply(app.clinic.id, ANA, "Your results are ready")
    sent = app.sender.sent[-1].message
    assert isinstance(sent, TemplateReply)
    assert (sent.name, sent.language) == ("resume_conversation", "en_US")


async def test_a_cancellation_refused_as_too_late_goes_again_as_the_template_and_its_file_does_not(
    app: FakeApp,
) -> None:
    app.clinic = dataclasses.replace(app.clinic, reengagement=Reengagement("retomar_conversacion"))
    await app.say("Hola")
    booked = await agenda(app).book(app.clinic.id, DoctorId("perez"), TOMORROW_10, ANA, "Ana")
    await agenda(app).cancel(app.clinic.id, booked.id, DESK)
    await app.deliver_replies(app.clinic.id, ANA)
    told, calendar = app.sender.sent[-2:]
    assert isinstance(calendar.message, DocumentReply)
    refusals = [
        DeliveryReport(
            f"wamid.out.{n}", DeliveryState.FAILED, NOW, error_code=OUTSIDE_SERVICE_WINDOW, reference=r
        )
        for n, r in enumerate((told.reference, calendar.reference))
    ]
    assert (await app.intake.record(Receipts(refusals))).resent == [(app.clinic.id, ANA)]
    await app.deliver_replies(app.clinic.id, ANA)
    [template] = [s.message for s in app.sender.sent if isinstance(s.message, TemplateReply)]
    assert "canceló tu cita" in template.body  # the text, once, in the approved template
    assert [s.message for s in app.sender.sent].count(calendar.message) == 1  # the file is not resent


async def test_without_a_template_staff_see_a_late_refusal_in_the_conversation(app: FakeApp) -> None:
    app.means("hola", Understanding(Intent.GREET))
    await app.say("hola")
    reference = app.sender.sent[-1].reference
    assert reference is not None
    refused = DeliveryReport(
        "wamid.out", DeliveryState.FAILED, NOW, error_code=OUTSIDE_SERVICE_WINDOW, reference=reference
    )
    assert (await app.intake.record(Receipts([refused]))).resent == []
    assert app.session().history[-1].attachment == Attachment("undelivered")
