"""Twenty whole booking conversations in English, as tourists and residents write to a clinic.

Played like the Spanish ones (``conversations.py``): the demo clinic, here serving English as
well as Spanish (``languages.playing_clinic``), the hybrid reader with a fake Claude answering
the scripted reading of a step that reaches it, at Monday 30 November 2026, 09:00 in Santiago,
20 seconds between messages. A list is picked by position, not by title (in English the bot
writes "4:00 PM" where it writes "16:00" in Spanish), and never in the reply to a conversation's
first message, whose first choices are the privacy notice's buttons.

Dates: today = Mon 30 Nov; tomorrow = Tue 1 Dec; Wed 2, Thu 3, Fri 4, Sat 5, Mon 7, Tue 8;
"a week from today" = Mon 7; "in 3 days" = Thu 3; "12/4" = Dec 4 (month first); "the 10th" =
Thu 10. Doctors: perez (general, Mon-Sat 09-13, Mon-Fri 15-19, 30 min), soto (orthodontics,
Tue and Thu 10-14 and 16-20, 45 min: 16:00, 16:45, 17:30...), rojas (children, Mon/Wed/Fri
09-14, 30 min). Whom: the model's ``for_whom`` is the clinic's word ("hijo" for "my son").
"""

from __future__ import annotations

from tests.integration.servers.fake_anthropic import Reply

from bench.conversation_suite import CONFIRM, Conversation, booking, burst, conv, model, pick, say

YES = model(action="confirm", wants_booking=True)  # a written "yes", "yep", "sure", "sounds good"...


def faq(index: int) -> Reply:
    """The model answering one of the demo clinic's FAQ entries."""
    return model(action="answer_faq", faq_index=index)


ADDRESS, HOURS, PAYMENT, PARKING = 0, 1, 2, 3  # the demo clinic's FAQ entries

ENGLISH: tuple[Conversation, ...] = (
    conv(
        "en: hi, then step by step, yes",
        say("hi"),
        say("i need an appointment", booking()),
        say("tomorrow", booking(date="2026-12-01")),
        say("at 10", booking(time="10:00")),
        say("Emily Johnson", booking(patient_name="Emily Johnson")),
        say("yes", YES),
        day="2026-12-01",
        time="10:00",
        patient="Emily Johnson",
    ),
    conv(
        "en: one-shot with the name, tmrw at 4pm",
        say(
            "can i get an appointment tmrw at 4pm? I'm John Smith",
            booking(date="2026-12-01", time="16:00", patient_name="John Smith"),
        ),
        CONFIRM,
        day="2026-12-01",
        time="16:00",
        patient="John Smith",
    ),
    conv(
        "en: for my son with the kids dentist",
        say(
            "hi do you have a pediatric dentist? need an appointment for my son",
            booking(doctor_id="rojas", specialty="Odontopediatría", for_whom="hijo"),
        ),
        say("wednesday morning", booking(date="2026-12-02", time_of_day="morning")),
        pick(index=0),
        say("Liam Brown", booking(patient_name="Liam Brown")),
        CONFIRM,
        day="2026-12-02",
        time="09:00",
        doctor="rojas",
        patient="Liam Brown",
    ),
    conv(
        "en: price of a cleaning, then friday morning",
        say("how much is a cleaning?", model(action="answer_faq", service_id="limpieza", asks="price")),
        say(
            "ok can i book one for friday morning",
            booking(date="2026-12-04", time_of_day="morning", service_id="limpieza"),
        ),
        pick(index=0),
        say("Grace Wilson", booking(patient_name="Grace Wilson")),
        CONFIRM,
        day="2026-12-04",
        time="09:00",
        doctor="perez",
        patient="Grace Wilson",
    ),
    conv(
        "en: braces adjusted with dr soto thursday at 4",
        say(
            "i need my braces adjusted, is dr soto in on thursday at 4?",
            booking(doctor_id="soto", service_id="control_ortodoncia", date="2026-12-03", time="16:00"),
        ),
        say("Olivia Davis", booking(patient_name="Olivia Davis")),
        CONFIRM,
        day="2026-12-03",
        time="16:00",
        doctor="soto",
        patient="Olivia Davis",
    ),
    conv(
        "en: typos, apointment 2moro at 11, yep",
        say("hey can i get an apointment 2moro at 11", booking(date="2026-12-01", time="11:00")),
        say("mike wilson", booking(patient_name="mike wilson")),
        say("yep", YES),
        day="2026-12-01",
        time="11:00",
    ),
    conv(
        "en: correction on the card, 12 instead",
        say("appointment monday at 10", booking(date="2026-12-07", time="10:00")),
        say("Sarah Miller", booking(patient_name="Sarah Miller")),
        say("actually can we do 12 instead", booking(date="2026-12-07", time="12:00")),
        CONFIRM,
        day="2026-12-07",
        time="12:00",
        patient="Sarah Miller",
    ),
    conv(
        "en: hello, then a bad toothache, anything today",
        say("hello"),
        say(
            "i have a really bad toothache, do you have anything today?",
            booking(date="2026-11-30", service_id="urgencia"),
        ),
        pick(index=0),
        say("David Clark", booking(patient_name="David Clark")),
        CONFIRM,
        day="2026-11-30",
        patient="David Clark",
    ),
    conv(
        "en: for my wife Ana Thompson, in one message",
        say(
            "i'd like to book for my wife Ana Thompson on thursday at 10am",
            booking(date="2026-12-03", time="10:00", patient_name="Ana Thompson", for_whom="esposa"),
        ),
        CONFIRM,
        day="2026-12-03",
        time="10:00",
        patient="Ana Thompson",
    ),
    conv(
        "en: where are you, then tomorrow afternoon",
        say("where are you located?", faq(ADDRESS)),
        say("ok thanks. anything tomorrow afternoon?", booking(date="2026-12-01", time_of_day="afternoon")),
        pick(index=0),
        say("Jessica Taylor", booking(patient_name="Jessica Taylor")),
        CONFIRM,
        day="2026-12-01",
        patient="Jessica Taylor",
    ),
    conv(
        "en: a burst, a checkup on tuesday the 8th at quarter to 5",
        burst(
            "hello",
            "i need a checkup",
            "tuesday the 8th at quarter to 5",
            reading=booking(date="2026-12-08", time="16:45", service_id="evaluacion"),
        ),
        say("Matthew Harris", booking(patient_name="Matthew Harris")),
        CONFIRM,
        day="2026-12-08",
        time="16:45",
        patient="Matthew Harris",
    ),
    conv(
        "en: uk, half four on thursday, lovely",
        say(
            "hiya, could i book in for thursday at half four please",
            booking(date="2026-12-03", time="16:30"),
        ),
        say("Charlotte Evans", booking(patient_name="Charlotte Evans")),
        say("lovely, yes please", YES),
        day="2026-12-03",
        time="16:30",
        patient="Charlotte Evans",
    ),
    conv(
        "en: a week from today at 9am",
        say("do you have anything a week from today at 9am", booking(date="2026-12-07", time="09:00")),
        say("Daniel Walker", booking(patient_name="Daniel Walker")),
        CONFIRM,
        day="2026-12-07",
        time="09:00",
        patient="Daniel Walker",
    ),
    conv(
        "en: in 3 days at noon",
        say("could i come in 3 days at noon?", booking(date="2026-12-03", time="12:00")),
        say("Hannah Young", booking(patient_name="Hannah Young")),
        CONFIRM,
        day="2026-12-03",
        time="12:00",
        patient="Hannah Young",
    ),
    conv(
        "en: dr perez on the 10th, then 3pm",
        say("id like to see dr perez on the 10th", booking(doctor_id="perez", date="2026-12-10")),
        say("3pm", booking(time="15:00")),
        say("Robert Garcia", booking(patient_name="Robert Garcia")),
        CONFIRM,
        day="2026-12-10",
        time="15:00",
        doctor="perez",
        patient="Robert Garcia",
    ),
    conv(
        "en: 12/4 month first, at 5:30pm",
        say("do you have 12/4 at 5:30pm", booking(date="2026-12-04", time="17:30")),
        say("Ashley Martinez", booking(patient_name="Ashley Martinez")),
        CONFIRM,
        day="2026-12-04",
        time="17:30",
        patient="Ashley Martinez",
    ),
    conv(
        "en: my mom needs a tooth pulled, saturday morning",
        say("my mom needs a tooth pulled", booking(service_id="extraccion", for_whom="mamá")),
        say("saturday morning", booking(date="2026-12-05", time_of_day="morning")),
        pick(index=0),
        say("Linda Moore", booking(patient_name="Linda Moore")),
        CONFIRM,
        day="2026-12-05",
        time="09:00",
        doctor="perez",
        patient="Linda Moore",
    ),
    conv(
        "en: do you take insurance, then friday at 11",
        say("do you take insurance?", faq(PAYMENT)),
        say("ok book me friday at 11 then", booking(date="2026-12-04", time="11:00")),
        say("Chris Anderson", booking(patient_name="Chris Anderson")),
        CONFIRM,
        day="2026-12-04",
        time="11:00",
        patient="Chris Anderson",
    ),
    conv(
        "en: no caps, hey, need appt thurs afternoon, sure",
        say("hey"),
        say("need appt thurs afternoon", booking(date="2026-12-03", time_of_day="afternoon")),
        pick(index=0),
        say("kevin lee", booking(patient_name="kevin lee")),
        say("sure", YES),
        day="2026-12-03",
    ),
    conv(
        "en: the name first, then tomorrow at 9:30, sounds good",
        say(
            "Hi, I'm Jennifer White and I'd like to make an appointment",
            booking(patient_name="Jennifer White"),
        ),
        say("tomorrow at 9:30", booking(date="2026-12-01", time="09:30")),
        say("sounds good", YES),
        day="2026-12-01",
        time="09:30",
        patient="Jennifer White",
    ),
)
