"""Spanish booking conversations for ``bench.conversations``, with what the model would answer.

Each conversation is what a patient of *Clínica Dental Sonrisa* (the demo clinic) might
write on Monday 30 November 2026 at 09:00 in Santiago: greetings, one-shot requests, step by
step, day names, parts of the day, corrections, questions mid-booking, a chosen doctor,
typos, bursts of messages sent together, and a confirmation by button or by a written "sí".

A text step may carry the reading Claude would give if the message reached it (the fields
of the JSON schema in ``adapters/claude/reading.py``); whether it does reach the model is the
application's decision, which is what the benchmark measures. A message that reaches the
model without one is answered with a blank reading and counted as unscripted.

Dates: today is Monday 30 Nov; mañana = Tue 1 Dec, miércoles 2, jueves 3, viernes 4,
sábado 5, lunes 7. Doctors: perez (general, Mon-Sat, 30 min), soto (orthodontics, Tue and
Thu 10-14 and 16-20, 45 min), rojas (children, Mon/Wed/Fri 09-14, 30 min).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.claude_readings import reading_json
from tests.integration.servers.fake_anthropic import Reply

from application.buttons import CONFIRM_BOOKING, EDIT_BOOKING, START_BOOKING

# The usage the fake reports per call, as in the tests: 1,200 tokens in (instructions, clinic facts,
# the moment, recent turns, the output schema) and 60 out (the JSON reading). bench.conversations
# also measures the prompts really sent (its est_ figures). No cache reads or writes: Haiku 4.5
# caches only prefixes of 4,096 tokens or more, and the clinic's fixed facts are far shorter.
INPUT_TOKENS = 1200
OUTPUT_TOKENS = 60


def model(**fields: Any) -> Reply:
    """Claude answering with this reading (unsaid fields null or false), with the usage above."""
    return Reply(text=reading_json(**fields), input_tokens=INPUT_TOKENS, output_tokens=OUTPUT_TOKENS)


def booking(**fields: Any) -> Reply:
    """The usual reading mid-booking: "ask" for what is missing, with the details given."""
    return model(action="ask", wants_booking=True, **fields)


NEUTRAL = model()  # for a message that reaches the model with nothing scripted


@dataclass(frozen=True)
class Say:
    """Texts written at once (one, or a burst the bot reads together in one turn)."""

    texts: tuple[str, ...]
    model: Reply | None = None  # what Claude answers if this turn's text reaches it

    @property
    def text(self) -> str:
        return " / ".join(self.texts)


@dataclass(frozen=True)
class Press:
    """A tap: a fixed button id, else the choice of the last reply whose title contains ``title``,
    else its ``index``-th choice."""

    button_id: str | None = None
    title: str | None = None
    index: int = 0


Step = Say | Press


@dataclass(frozen=True)
class Expect:
    """What the booked appointment must be (local day and time, doctor id, the patient's name)."""

    day: str | None = None
    time: str | None = None
    doctor: str | None = None
    patient: str | None = None


@dataclass(frozen=True)
class Conversation:
    name: str
    steps: tuple[Step, ...]
    expect: Expect = field(default_factory=Expect)

    @property
    def texts(self) -> int:
        return sum(len(step.texts) for step in self.steps if isinstance(step, Say))


def say(text: str, reading: Reply | None = None) -> Say:
    return Say((text,), reading)


def burst(*texts: str, reading: Reply | None = None) -> Say:
    """Messages sent in quick succession, which arrive before the bot has answered the first."""
    return Say(texts, reading)


def pick(title: str | None = None, index: int = 0) -> Press:
    return Press(title=title, index=index)


CONFIRM = Press(CONFIRM_BOOKING)
EDIT = Press(EDIT_BOOKING)
START = Press(START_BOOKING)


def conv(name: str, *steps: Step, **expect: str) -> Conversation:
    return Conversation(name, steps, Expect(**expect))


SUITE: tuple[Conversation, ...] = (
    conv(
        "greeting, then step by step",
        say("Hola"),
        say("Quiero agendar una cita"),
        say("mañana"),
        say("a las 10"),
        say("Ana López"),
        CONFIRM,
        day="2026-12-01",
        time="10:00",
        patient="Ana López",
    ),
    conv(
        "one-shot with name, confirm button",
        say(
            "Mañana a las 4, soy Ana López",
            booking(date="2026-12-01", time="16:00", patient_name="Ana López"),
        ),
        CONFIRM,
        day="2026-12-01",
        time="16:00",
        patient="Ana López",
    ),
    conv(
        "one-shot with doctor and name, confirm by sí",
        say(
            "Hola, quiero hora con la Dra. Pérez el viernes a las 10, soy Carolina Muñoz",
            booking(date="2026-12-04", time="10:00", doctor_id="perez", patient_name="Carolina Muñoz"),
        ),
        say("sí"),
        day="2026-12-04",
        time="10:00",
        doctor="perez",
        patient="Carolina Muñoz",
    ),
    conv(
        "buttons all the way",
        say("Hola"),
        START,
        pick(index=0),
        pick(index=0),
        say("Jorge Herrera"),
        CONFIRM,
        day="2026-11-30",
        time="11:30",  # the first time past two hours' notice (it is 09:01 by then)
        patient="Jorge Herrera",
    ),
    conv(
        "day name, then part of the day, list pick, sí",
        say("Necesito una hora para el jueves", booking(date="2026-12-03")),
        say("en la tarde", booking(time_of_day="afternoon")),
        pick("16:30"),
        say("María José Fuentes"),
        say("si"),
        day="2026-12-03",
        time="16:30",
        patient="María José Fuentes",
    ),
    conv(
        "tomorrow afternoon, then 4:30",
        say("quiero agendar para mañana en la tarde", booking(date="2026-12-01", time_of_day="afternoon")),
        say("a las 4:30", booking(time="16:30")),
        say("Ana López"),
        CONFIRM,
        day="2026-12-01",
        time="16:30",
    ),
    conv(
        "correction before the day is chosen",
        say("Quiero agendar una cita"),
        say(
            "el martes no puedo, mejor el miércoles en la tarde",
            booking(date="2026-12-02", time_of_day="afternoon"),
        ),
        pick(index=0),
        say("Ana López"),
        CONFIRM,
        day="2026-12-02",
        time="15:00",  # "la tarde" is after lunch: the first time from 14:00 in Chile
    ),
    conv(
        "correction on the confirmation card",
        say("mañana a las 10", booking(date="2026-12-01", time="10:00")),
        say("Pedro Contreras"),
        say("no, mejor el viernes a la misma hora", booking(date="2026-12-04", time="10:00")),
        CONFIRM,
        day="2026-12-04",
        time="10:00",
        patient="Pedro Contreras",
    ),
    conv(
        "parking question mid-booking",
        say("Hola, quiero pedir una hora", booking()),
        say("¿tienen estacionamiento?", model(action="answer_faq", faq_index=4)),
        say("ok, mañana a las 11", booking(date="2026-12-01", time="11:00")),
        say("Diego Morales"),
        CONFIRM,
        day="2026-12-01",
        time="11:00",
        patient="Diego Morales",
    ),
    conv(
        "a chosen doctor, step by step",
        say("Quiero hora con la Dra. Pérez", booking(doctor_id="perez")),
        say("el viernes", booking(date="2026-12-04")),
        say("a las 3 de la tarde", booking(time="15:00")),
        say("Rodrigo Vargas"),
        CONFIRM,
        day="2026-12-04",
        time="15:00",
        doctor="perez",
    ),
    conv(
        "orthodontist by specialty",
        say("Necesito hora con el ortodoncista", booking(doctor_id="soto", specialty="Ortodoncia")),
        say("el jueves a las 10", booking(date="2026-12-03", time="10:00")),
        say("Felipe Araya"),
        CONFIRM,
        day="2026-12-03",
        time="10:00",
        doctor="soto",
    ),
    conv(
        "child with the paediatric dentist",
        say(
            "Hola! quiero una hora para mi hijo con la odontopediatra",
            booking(doctor_id="rojas", specialty="Odontopediatría"),
        ),
        say("el miércoles en la mañana", booking(date="2026-12-02", time_of_day="morning")),
        pick(index=0),
        say("Tomás Díaz"),
        CONFIRM,
        day="2026-12-02",
        time="09:00",
        doctor="rojas",
        patient="Tomás Díaz",
    ),
    conv(
        "typos and no capitals",
        say("hola kiero ajendar una ora", booking()),
        say("mañana alas 10", booking(date="2026-12-01", time="10:00")),  # "alas 10" is "a las 10"
        say("ana lopez"),
        say("si"),
        day="2026-12-01",
        time="10:00",
    ),
    conv(
        "no accents, 5 de la tarde, confirmo",
        say(
            "quiero una cita para el miercoles a las 5 de la tarde", booking(date="2026-12-02", time="17:00")
        ),
        say("Jose Muñoz"),
        say("confirmo"),
        day="2026-12-02",
        time="17:00",
    ),
    conv(
        "a date with its month",
        say("¿Tienen hora para el 10 de diciembre?", booking(date="2026-12-10")),
        say("a las 12", booking(time="12:00")),
        say("Paula Ríos"),
        CONFIRM,
        day="2026-12-10",
        time="12:00",
    ),
    conv(
        "pasado mañana en la mañana, second time on the list",
        say(
            "Hola, ¿me pueden dar hora para pasado mañana en la mañana?",
            booking(date="2026-12-02", time_of_day="morning"),
        ),
        pick(index=1),
        say("Ignacio Torres"),
        CONFIRM,
        day="2026-12-02",
        time="09:30",
    ),
    conv(
        "price question first",
        say("¿Cuánto cuesta la consulta?", model(action="answer_faq", faq_index=2)),
        say("ok, quiero agendar una evaluación", booking()),
        say("el viernes a las 10", booking(date="2026-12-04", time="10:00")),
        say("Daniela Castro"),
        CONFIRM,
        day="2026-12-04",
        time="10:00",
    ),
    conv(
        "name first",
        say("Hola, soy Carolina Muñoz y quiero una hora", booking(patient_name="Carolina Muñoz")),
        say("el jueves en la tarde", booking(date="2026-12-03", time_of_day="afternoon")),
        pick("17:00"),
        CONFIRM,
        day="2026-12-03",
        time="17:00",
        patient="Carolina Muñoz",
    ),
    conv(
        "a cleaning, step by step",
        say("Buenas tardes, necesito una limpieza dental", booking()),
        say("mañana", booking(date="2026-12-01")),
        say("a las 11:30", booking(time="11:30")),
        say("Sebastián Reyes"),
        CONFIRM,
        day="2026-12-01",
        time="11:30",
    ),
    conv(
        "toothache, today",
        say("Me duele mucho una muela, ¿tienen algo para hoy?", booking(date="2026-11-30")),
        pick(index=0),
        say("Matías Fernández"),
        CONFIRM,
        day="2026-11-30",
        time="11:30",
    ),
    conv(
        "Saturday morning",
        say(
            "¿Atienden los sábados? Quiero ir el sábado en la mañana",
            booking(date="2026-12-05", time_of_day="morning"),
        ),
        pick("10:00"),
        say("Constanza Vega"),
        CONFIRM,
        day="2026-12-05",
        time="10:00",
    ),
    conv(
        "formal one-shot, name given as a phrase",
        say(
            "Buenos días. Quisiera solicitar una hora de atención dental para el miércoles 2 de "
            "diciembre, de preferencia a las 9:30 hrs.",
            booking(date="2026-12-02", time="09:30"),
        ),
        say("A nombre de Gloria Sepúlveda", booking(patient_name="Gloria Sepúlveda")),
        say("Sí, confirmo", model(action="confirm", wants_booking=True)),
        day="2026-12-02",
        time="09:30",
        patient="Gloria Sepúlveda",
    ),
    conv(
        "y media",
        say("mañana a las 4 y media", booking(date="2026-12-01", time="16:30")),
        say("Ana María Silva"),
        CONFIRM,
        day="2026-12-01",
        time="16:30",
    ),
    conv(
        "Dr. Soto at a time he does not start, takes an alternative",
        say("Quiero hora con el Dr. Soto el martes", booking(doctor_id="soto", date="2026-12-01")),
        say("a las 5 de la tarde", booking(time="17:00")),
        pick("16:45"),
        say("Gonzalo Pizarro"),
        CONFIRM,
        day="2026-12-01",
        time="16:45",
        doctor="soto",
    ),
    conv(
        "patient shares a doctor's surname",
        say("Quiero agendar una hora para el lunes", booking(date="2026-12-07")),
        say("a las 10", booking(time="10:00")),
        say("Javiera Rojas"),
        CONFIRM,
        day="2026-12-07",
        time="10:00",
        patient="Javiera Rojas",
    ),
    conv(
        "tomorrow at 9, confirm with dale",
        say("Hola! Necesito hora para mañana a las 9", booking(date="2026-12-01", time="09:00")),
        say("Francisco Núñez"),
        say("dale", model(action="confirm", wants_booking=True)),
        day="2026-12-01",
        time="09:00",
    ),
    conv(
        "emoji and lowercase, sí perfecto",
        say("holaa 😊 quiero agendar una hora porfa", booking()),
        say("el viernes", booking(date="2026-12-04")),
        say("a las 11", booking(time="11:00")),
        say("Antonia Guzmán"),
        say("sí, perfecto", model(action="confirm", wants_booking=True)),
        day="2026-12-04",
        time="11:00",
    ),
    conv(
        "next week, then a day of it",
        say("¿Tienen hora para la próxima semana?", booking()),
        say("el martes 8 en la mañana", booking(date="2026-12-08", time_of_day="morning")),
        pick(index=0),
        say("Catalina Flores"),
        CONFIRM,
        day="2026-12-08",
        time="09:00",
    ),
    conv(
        "a correction inside one message",
        say("mañana a las 10, no, mejor a las 11", booking(date="2026-12-01", time="11:00")),
        say("Víctor Muñoz"),
        CONFIRM,
        day="2026-12-01",
        time="11:00",
    ),
    conv(
        "change button on the card, then another time",
        say("mañana a las 10", booking(date="2026-12-01", time="10:00")),
        say("Patricia Alarcón"),
        EDIT,  # back to the day, the name kept
        say("mañana a las 12", booking(date="2026-12-01", time="12:00")),
        CONFIRM,
        day="2026-12-01",
        time="12:00",
        patient="Patricia Alarcón",
    ),
    conv(
        "address question, then booking by buttons",
        say("¿Dónde están ubicados?", model(action="answer_faq", faq_index=0)),
        say("Gracias. Quiero agendar", booking()),
        pick(index=1),
        pick(index=2),
        say("Benjamín Espinoza"),
        CONFIRM,
        day="2026-12-01",
    ),
    conv(
        "Fonasa question while asked for the name",
        say("Quiero agendar para el jueves a las 3", booking(date="2026-12-03", time="15:00")),
        say("¿aceptan Fonasa?", model(action="answer_faq", faq_index=3)),
        say("Luis Campos"),
        CONFIRM,
        day="2026-12-03",
        time="15:00",
        patient="Luis Campos",
    ),
    conv(
        "después de las 5",
        say("el viernes después de las 5 de la tarde", booking(date="2026-12-04", time="17:00")),
        say("Rocío Cortés"),
        CONFIRM,
        day="2026-12-04",
        time="17:00",
    ),
    conv(
        "opening hours question, then ya entonces",
        say("Buenas, ¿a qué hora abren mañana?", model(action="answer_faq", faq_index=1)),
        say("Ya, entonces mañana a las 9:30", booking(date="2026-12-01", time="09:30")),
        say("Marcela Bravo"),
        CONFIRM,
        day="2026-12-01",
        time="09:30",
    ),
    conv(
        "terse pieces, ok",
        say("Hola"),
        say("Necesito hora"),
        say("jueves 3", booking(date="2026-12-03")),
        say("15:30 hrs", booking(time="15:30")),
        say("Hernán Saavedra"),
        say("ok", model(action="confirm", wants_booking=True)),
        day="2026-12-03",
        time="15:30",
    ),
    conv(
        "a burst of three messages",
        burst(
            "Hola",
            "quiero agendar una hora",
            "para mañana a las 10",
            reading=booking(date="2026-12-01", time="10:00"),
        ),
        say("Bastián Olivares"),
        CONFIRM,
        day="2026-12-01",
        time="10:00",
    ),
    conv(
        "a burst with the name, then a list pick",
        burst(
            "Buenas tardes",
            "soy Ana López",
            "necesito hora el jueves en la tarde",
            reading=booking(date="2026-12-03", time_of_day="afternoon", patient_name="Ana López"),
        ),
        pick("17:30"),
        CONFIRM,
        day="2026-12-03",
        time="17:30",
        patient="Ana López",
    ),
    conv(
        "today in the afternoon, no question marks",
        say("hay hora para hoy en la tarde", booking(date="2026-11-30", time_of_day="afternoon")),
        pick(index=0),
        say("Claudia Espinoza"),
        CONFIRM,
        day="2026-11-30",
        time="15:00",  # "la tarde" is after lunch
    ),
)
