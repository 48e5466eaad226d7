"""The scorer of ``bench.understanding`` on a tiny hand-made set: a slot counts when labelled or
read, a value read where nothing was said is wrong, times are settled as the clinic would."""

from __future__ import annotations

from datetime import date, datetime

from bench.understanding.labels import Utterance
from bench.understanding.scoring import Tallies, read_slots, score, score_languages, score_set

from adapters.clinic_config.toml_file import load_demo_clinic
from application.ports.reading import NluContext
from domain.ids import DoctorId
from domain.language import Language
from domain.understanding import Intent, Understanding
from domain.when import ClockTime, DayPart, Meridiem

NOW = datetime(2027, 1, 5, 10)


def said(text: str, intent: str = "book", **slots: str) -> Utterance:
    return Utterance(text, "mx", "plain", NOW, intent, **slots)  # type: ignore[arg-type]


def said_in(language: Language, country: str, text: str, intent: str = "book") -> Utterance:
    return Utterance(text, country, "plain", NOW, intent, language=language)


class ScriptedReader:
    """An NLU engine reading each text as scripted."""

    def __init__(self, readings: dict[str, Understanding]) -> None:
        self.readings = readings
        self.contexts: list[NluContext] = []

    async def understand(self, text: str, context: NluContext) -> Understanding:
        self.contexts.append(context)
        return self.readings[text]


async def test_each_slot_counts_when_labelled_or_read_and_a_spurious_read_is_wrong() -> None:
    clinic = load_demo_clinic()
    utterances = [
        said("mañana a las 4", date="2027-01-06", time="16:00"),
        said("para mi hija", relation="hija"),
        said("gracias", intent="thanks"),
        said("soy rosa diaz", name="Rosa Díaz"),
    ]
    reader = ScriptedReader(
        {
            "mañana a las 4": Understanding(Intent.BOOK, day=date(2027, 1, 6), time=ClockTime(4)),
            # the reader picks a doctor the patient never named: spurious
            "para mi hija": Understanding(Intent.BOOK, relation="hija", doctor_id=DoctorId("rojas")),
            "gracias": Understanding(Intent.AFFIRM),
            "soy rosa diaz": Understanding(Intent.BOOK, patient_name="ROSA  DIAZ"),
        }
    )
    results = await score_set(utterances, reader, clinic)

    assert [len(r.slots) for r in results] == [3, 3, 1, 2]
    assert [r.all_right for r in results] == [True, False, False, True]
    [spurious] = results[1].wrong
    assert (spurious.slot, spurious.expected, spurious.read) == ("doctor", None, "rojas")
    tallies = Tallies.of(results)
    assert (tallies.overall.correct, tallies.overall.scored) == (7, 9)
    assert tallies.overall.utterance_accuracy == 0.5
    assert tallies.slots["doctor"].accuracy == 0.0
    assert reader.contexts[0].today == date(2027, 1, 5)
    assert reader.contexts[0].now.tzinfo == clinic.timezone


def test_a_time_without_meridiem_is_settled_at_the_clinics_hours() -> None:
    clinic = load_demo_clinic()

    def read_time(clock: ClockTime) -> str | None:
        return read_slots(Understanding(Intent.BOOK, time=clock), clinic)["time"]

    assert read_time(ClockTime(4)) == "16:00"  # 04:00 is closed
    assert read_time(ClockTime(10)) == "10:00"
    assert read_time(ClockTime(8)) == "08:00"  # neither open: the likeliest
    assert read_time(ClockTime(8, meridiem=Meridiem.PM)) == "20:00"


def test_a_part_that_only_restates_the_labelled_time_is_not_scored() -> None:
    utterance = said("a las 4 de la tarde", time="16:00")
    agreeing = score(utterance, {"intent": "book", "time": "16:00", "part": DayPart.AFTERNOON.value})
    against = score(utterance, {"intent": "book", "time": "16:00", "part": DayPart.MORNING.value})
    assert [s.slot for s in agreeing.slots] == ["intent", "time"]
    assert not against.all_right


async def test_each_language_is_read_by_its_own_reader_at_a_clinic_speaking_it() -> None:
    spanish = ScriptedReader({"hola": Understanding(Intent.GREET)})
    english = ScriptedReader({"hi": Understanding(Intent.GREET), "thanks": Understanding(Intent.BOOK)})
    utterances = [
        said_in(Language.ENGLISH, "us", "hi", "greet"),
        said_in(Language.SPANISH, "mx", "hola", "greet"),
        said_in(Language.PORTUGUESE, "br", "oi", "greet"),
        said_in(Language.ENGLISH, "us", "thanks", "thanks"),
    ]

    readings = await score_languages(
        utterances, {Language.SPANISH: lambda: spanish, Language.ENGLISH: lambda: english}, load_demo_clinic()
    )

    assert [(r.language, r.utterances) for r in readings] == [
        (Language.SPANISH, 1),
        (Language.ENGLISH, 2),
        (Language.PORTUGUESE, 1),
    ]
    es, en, pt = readings
    assert es.tallies is not None
    assert es.tallies.overall.accuracy == 1.0
    assert en.tallies is not None
    assert en.tallies.overall.accuracy == 0.5
    assert pt.scored is None
    assert pt.tallies is None
    assert [c.clinic.language for c in english.contexts] == [Language.ENGLISH, Language.ENGLISH]
    assert spanish.contexts[0].clinic.language is Language.SPANISH
    assert Language.PORTUGUESE in english.contexts[0].clinic.languages
