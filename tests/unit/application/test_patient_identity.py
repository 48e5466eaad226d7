"""One patient, two identifiers, and a changed number (issue 21).

Meta names a patient by their phone number and by a business-scoped user id; once both come in
one message they are one patient. A patient who changes number takes their appointments,
conversation and opt-out along, and nothing stays with the old number (it may be someone
else's soon).
"""

from __future__ import annotations

from dataclasses import replace

from application.messages import ButtonsReply, InboundKind, InboundMessage
from application.texts_es import consent, visits
from domain.appointment import Appointment
from domain.conversation import ConversationState as S
from domain.ids import AddressKind, MessageId, PatientAddress
from domain.understanding import Intent, Understanding
from tests.unit.application.conftest import ANA, TOMORROW, FakeApp, Refused
from tests.unit.application.test_managing_appointments import book

ANA_USER_ID = PatientAddress("CL.13491208655302741918", AddressKind.USER_ID)
ANA_NEW_NUMBER = PatientAddress("56944445555")
WHEN = Understanding(Intent.MY_APPOINTMENTS)


async def write(app: FakeApp, who: PatientAddress, text: str, **extra: object) -> list[object]:
    message = InboundMessage.text_message(
        f"wamid.i{next(app.ids)}", app.clinic.id, who, app.clock.now(), text
    )
    return list(await app.deliver(replace(message, **extra)))  # type: ignore[arg-type]


async def test_a_patient_later_known_by_user_id_alone_keeps_their_conversation_and_appointments(
    app: FakeApp,
) -> None:
    app.means("hola", Understanding(Intent.GREET))
    await write(app, ANA, "hola", also=ANA_USER_ID)  # Meta sends both: linked
    appointment = await book(app)
    app.means("¿a qué hora es mi cita?", WHEN)
    [reply] = await write(app, ANA_USER_ID, "¿a qué hora es mi cita?")  # the number hidden now
    assert isinstance(reply, ButtonsReply)
    assert f"APPT_CANCEL:{appointment.id}" in [b.id for b in reply.buttons]
    assert app.sender.sent[-1].to == ANA_USER_ID  # answered where Meta delivered from
    assert (app.clinic.id, ANA_USER_ID) not in app.uow.store.sessions


async def test_a_conversation_begun_by_user_id_alone_continues_once_the_number_is_seen(app: FakeApp) -> None:
    app.means("quiero una hora", Understanding(Intent.BOOK))
    await write(app, ANA_USER_ID, "quiero una hora")
    assert app.uow.store.sessions[(app.clinic.id, ANA_USER_ID)].state is S.COLLECTING_DATE
    app.means("mañana", Understanding(Intent.BOOK, day=TOMORROW))
    await write(app, ANA, "mañana", also=ANA_USER_ID)
    session = app.session(ANA)
    assert session.state is S.COLLECTING_TIME
    assert [t.text for t in session.history if t.text in ("quiero una hora", "mañana")] == [
        "quiero una hora",
        "mañana",
    ]
    assert (app.clinic.id, ANA_USER_ID) not in app.uow.store.sessions


async def test_a_changed_number_takes_the_appointments_conversation_and_opt_out_along(app: FakeApp) -> None:
    appointment = await book(app)
    app.means("BAJA", Understanding(Intent.OPT_OUT))
    await app.say("BAJA")
    notice = InboundMessage(
        MessageId("wamid.changed"),
        app.clinic.id,
        ANA,
        app.clock.now(),
        InboundKind.SYSTEM,
        "User Ana changed from 56911112222 to 56944445555",
        new_address=ANA_NEW_NUMBER,
    )
    assert await app.deliver(notice) == []
    moved: Appointment = app.uow.store.appointments[appointment.id]
    assert moved.patient == ANA_NEW_NUMBER
    assert app.uow.store.patients[(app.clinic.id, ANA_NEW_NUMBER)].opted_out
    assert (app.clinic.id, ANA) not in app.uow.store.patients
    assert (app.clinic.id, ANA) not in app.uow.store.sessions
    app.means("¿a qué hora es mi cita?", WHEN)
    [reply] = await write(app, ANA_NEW_NUMBER, "¿a qué hora es mi cita?")
    assert f"APPT_CANCEL:{appointment.id}" in [b.id for b in reply.buttons]  # type: ignore[attr-defined]
    # Whoever has the old number now: Ana's answer to the privacy notice went with her, so they
    # are shown the notice as anyone writing for the first time.
    [shown, nothing] = await write(app, ANA, "¿a qué hora es mi cita?")
    assert shown == consent.privacy_notice(app.clinic)
    assert nothing == visits.no_upcoming(app.clinic)


async def test_a_reply_whatsapp_refuses_at_the_number_goes_to_the_user_id(app: FakeApp) -> None:
    app.means("hola", Understanding(Intent.GREET))
    await write(app, ANA, "hola", also=ANA_USER_ID)
    app.refuse(Refused("the number cannot be reached"))
    assert len(await write(app, ANA, "hola")) == 1
    assert app.sender.sent[-1].to == ANA_USER_ID
    assert list(app.uow.store.outbox.failed) == []


async def test_a_reply_refused_with_no_other_address_fails_for_good(app: FakeApp) -> None:
    app.means("hola", Understanding(Intent.GREET))
    app.refuse(Refused("the number cannot be reached"))
    assert await write(app, ANA, "hola") == []
    assert len(app.uow.store.outbox.failed) == 1
