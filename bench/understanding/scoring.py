"""Slot accuracy: what the offline reader reads in each labelled utterance, against its labels.

Each utterance is scored on the eight slots of ``labels.SLOTS``. A slot counts when it is
labelled or the reader read something there, so a value read where the message says nothing
is an error like a value missed. Times are compared the way the booking desk settles them,
names as ``domain.people.same_name`` compares them. Each language is read by its own offline
reader (``score_languages``), at the clinic speaking that language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import time

from application.ports.reading import NluContext, NluEngine, NluUnavailable
from bench.understanding.labels import SLOTS, Utterance
from domain.clinic import Clinic
from domain.conversation import CollectedFields
from domain.language import Language
from domain.people import same_name
from domain.understanding import Intent, Understanding
from domain.when import ClockTime, DayPart

Slots = Mapping[str, str | None]
Readers = Mapping[Language, Callable[[], NluEngine]]  # a language's offline reader, made on demand


@dataclass(frozen=True, slots=True)
class SlotScore:
    slot: str
    expected: str | None
    read: str | None
    correct: bool


@dataclass(frozen=True, slots=True)
class Scored:
    """One utterance, read and scored: only the slots that counted."""

    utterance: Utterance
    slots: tuple[SlotScore, ...]

    @property
    def all_right(self) -> bool:
        return all(score.correct for score in self.slots)

    @property
    def wrong(self) -> tuple[SlotScore, ...]:
        return tuple(score for score in self.slots if not score.correct)


@dataclass
class Tally:
    """Slots scored and right, and utterances with every slot right, over a group."""

    scored: int = 0
    correct: int = 0
    utterances: int = 0
    utterances_right: int = 0

    def add(self, scored: Scored) -> None:
        self.scored += len(scored.slots)
        self.correct += sum(score.correct for score in scored.slots)
        self.utterances += 1
        self.utterances_right += scored.all_right

    @property
    def accuracy(self) -> float:
        return self.correct / self.scored if self.scored else 1.0

    @property
    def utterance_accuracy(self) -> float:
        return self.utterances_right / self.utterances if self.utterances else 1.0


@dataclass
class Tallies:
    """The tallies of a scored set: overall, per category, per country and per slot."""

    overall: Tally = field(default_factory=Tally)
    categories: dict[str, Tally] = field(default_factory=dict)
    countries: dict[str, Tally] = field(default_factory=dict)
    slots: dict[str, Tally] = field(default_factory=dict)

    @classmethod
    def of(cls, results: Iterable[Scored]) -> Tallies:
        tallies = cls()
        for scored in results:
            tallies.overall.add(scored)
            tallies.categories.setdefault(scored.utterance.category, Tally()).add(scored)
            tallies.countries.setdefault(scored.utterance.country, Tally()).add(scored)
            for score in scored.slots:
                slot = tallies.slots.setdefault(score.slot, Tally())
                slot.scored += 1
                slot.correct += score.correct
                slot.utterances += 1
                slot.utterances_right += score.correct
        return tallies


@dataclass(frozen=True, slots=True)
class Reading:
    """One language's utterances as its offline reader read them; ``scored`` is None when the
    language has no offline reader yet (its utterances counted, not measured)."""

    language: Language
    utterances: int
    scored: list[Scored] | None

    @property
    def tallies(self) -> Tallies | None:
        return None if self.scored is None else Tallies.of(self.scored)


def serving(clinic: Clinic, language: Language) -> Clinic:
    """``clinic`` serving every language and speaking ``language``: the clinic an utterance in
    that language is read at (the demo clinic serves Spanish alone)."""
    return replace(clinic, languages=tuple(Language), speaks=language)


async def score_languages(utterances: Iterable[Utterance], readers: Readers, clinic: Clinic) -> list[Reading]:
    """Each language's utterances scored by its own reader, in the order of ``Language``."""
    by_language: dict[Language, list[Utterance]] = {}
    for utterance in utterances:
        by_language.setdefault(utterance.language, []).append(utterance)
    readings = []
    for language in [language for language in Language if language in by_language]:
        group, make = by_language[language], readers.get(language)
        scored = None if make is None else await score_set(group, make(), serving(clinic, language))
        readings.append(Reading(language, len(group), scored))
    return readings


def context(utterance: Utterance, clinic: Clinic) -> NluContext:
    """What the reader knows: the utterance's moment at the clinic, its state, nothing collected."""
    now = utterance.now.replace(tzinfo=clinic.timezone)
    return NluContext(
        clinic=clinic,
        now=now,
        today=now.date(),
        state=utterance.state,
        collected=CollectedFields(),
        history=(),
        free_days=(),
    )


async def read(utterance: Utterance, reader: NluEngine, clinic: Clinic) -> Understanding:
    """The reader's proposal; an engine that cannot tell has read nothing (``Intent.UNKNOWN``)."""
    try:
        return await reader.understand(utterance.text, context(utterance, clinic))
    except NluUnavailable:
        return Understanding(Intent.UNKNOWN)


async def score_set(utterances: Iterable[Utterance], reader: NluEngine, clinic: Clinic) -> list[Scored]:
    return [score(u, read_slots(await read(u, reader, clinic), clinic)) for u in utterances]


def read_slots(reading: Understanding, clinic: Clinic) -> dict[str, str | None]:
    """A reading in the labels' terms: ISO date, HH:MM time as the clinic settles it, ids."""
    return {
        "intent": reading.intent.value,
        "date": reading.day.isoformat() if reading.day else None,
        "time": settled(reading.time, clinic).strftime("%H:%M") if reading.time else None,
        "part": reading.part.value if reading.part else None,
        "doctor": reading.doctor_id,
        "service": reading.service_id,
        "relation": reading.relation,
        "name": reading.patient_name,
    }


def settled(clock: ClockTime, clinic: Clinic) -> time:
    """The wall-clock time "a las 4" comes to: the first candidate the clinic is open at on some
    day (as the booking desk keeps the first a doctor works at), else the likeliest."""
    candidates = clock.candidates()
    ranges = [r for doctor in clinic.doctors for day in doctor.hours.ranges.values() for r in day]
    return next((c for c in candidates if any(r.covers(c) for r in ranges)), candidates[0])


def score(utterance: Utterance, read: Slots) -> Scored:
    """The slots that count for ``utterance`` (labelled, or read), each right or wrong."""
    expected = utterance.expected()
    scores: list[SlotScore] = []
    for slot in SLOTS:
        wanted, got = expected[slot], read.get(slot)
        if wanted is None and got is None:
            continue
        if slot == "part" and wanted is None and _implied(got, expected["time"]):
            continue  # "a las 4 de la tarde" read with its afternoon too: redundant, not wrong
        scores.append(SlotScore(slot, wanted, got, _same(slot, wanted, got)))
    return Scored(utterance, tuple(scores))


# Loose on purpose, as countries differ (Spain's "tarde" runs past 19:00): only to tell a part
# that merely restates the labelled time.
_PART_HOURS = {
    DayPart.MORNING.value: (time(0), time(12)),
    DayPart.AFTERNOON.value: (time(12), time(20, 59)),
    DayPart.EVENING.value: (time(18), time(23, 59)),
}


def _implied(part: str | None, clock: str | None) -> bool:
    if part is None or clock is None or part not in _PART_HOURS:
        return False
    start, end = _PART_HOURS[part]
    return start <= time.fromisoformat(clock) <= end


def _same(slot: str, wanted: str | None, got: str | None) -> bool:
    if wanted is None or got is None:
        return False
    if slot == "name":
        return same_name(wanted, got)
    return wanted == got
