"""The labelled utterances of ``bench/understanding/utterances/``: one TOML file per country.

Spanish files sit in ``utterances/`` itself (``mx.toml``), every other language's in a folder of
its own: English in ``utterances/en/`` (``us.toml``), Portuguese in ``utterances/pt/`` (``br.toml``).
Each file has its reference moment (``now``, clinic-local) and ``[[utterance]]`` tables with
``text``, ``category``, ``intent`` and whichever slots the message says (``date``, ``time``,
``part``, ``doctor``, ``service``, ``relation``, ``name``), optionally the ``state`` the
conversation was in and a ``now`` of its own. The rules behind the labels are in README.md.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from domain.clinic import Clinic
from domain.conversation import ConversationState
from domain.language import Language
from domain.people import RELATIVES, SELF
from domain.understanding import Intent
from domain.when import DayPart

UTTERANCES = Path(__file__).with_name("utterances")
# Sets written apart from the readers and never used to tune them (README.md, "Held-out sets").
HELDOUT = Path(__file__).with_name("heldout")
_HELDOUT_FILES = {Language.ENGLISH: ("en.toml", "us"), Language.PORTUGUESE: ("pt.toml", "br")}

# The countries whose patients each language's files are written for (the file's name).
COUNTRIES: dict[Language, dict[str, str]] = {
    Language.SPANISH: {
        "mx": "Mexico",
        "cl": "Chile",
        "ar": "Argentina",
        "co": "Colombia",
        "pe": "Peru",
        "es": "Spain",
        "ve": "Venezuela",
        "uy": "Uruguay",
    },
    Language.ENGLISH: {"us": "United States", "gb": "United Kingdom"},
    Language.PORTUGUESE: {"br": "Brazil"},
}
# Where each language's files are, under ``utterances/``: Spanish, the set's first, at the top.
FOLDERS = {Language.SPANISH: "", Language.ENGLISH: "en", Language.PORTUGUESE: "pt"}
CATEGORIES = (
    "typos",
    "number_words",
    "month_first",
    "short_forms",
    "offsets",
    "relative_days",
    "times",
    "parts_of_day",
    "regional",
    "people",
    "services",
    "doctors",
    "intents",
    "plain",
)
# What a reading is scored on, in the order the tables print them.
SLOTS = ("intent", "date", "time", "part", "doctor", "service", "relation", "name")
_FIELDS = {"text", "category", "now", "state", *SLOTS}


class BadLabel(ValueError):
    """A label file says something the set's rules do not allow."""


@dataclass(frozen=True, slots=True)
class Utterance:
    """One message a patient wrote, with what it means; a slot left None is one it does not say."""

    text: str
    country: str
    category: str
    now: datetime  # clinic-local wall clock, naive
    intent: str
    state: ConversationState = ConversationState.IDLE
    language: Language = Language.SPANISH
    date: str | None = None  # ISO date
    time: str | None = None  # HH:MM, 24-hour
    part: str | None = None
    doctor: str | None = None
    service: str | None = None
    relation: str | None = None
    name: str | None = None

    def expected(self) -> dict[str, str | None]:
        """The labelled value of every slot of ``SLOTS``."""
        return {slot: getattr(self, slot) for slot in SLOTS}


def load(directory: Path = UTTERANCES) -> list[Utterance]:
    """Every utterance of every language's ``<country>.toml`` under ``directory``, language by
    language (Spanish first), file by file. A folder that is no language's is refused."""
    known = {folder for folder in FOLDERS.values() if folder}
    strays = sorted(p.name for p in directory.iterdir() if p.is_dir() and p.name not in known)
    if strays:
        raise BadLabel(f"{strays}: not a language's folder {sorted(known)}")
    utterances: list[Utterance] = []
    for language, folder in FOLDERS.items():
        for path in sorted((directory / folder).glob("*.toml")):
            with path.open("rb") as file:
                utterances += parse(tomllib.load(file), country=path.stem, language=language)
    return utterances


def load_heldout(directory: Path = HELDOUT) -> list[Utterance]:
    """The held-out utterances: one file per language, read as that language's country."""
    utterances: list[Utterance] = []
    for language, (name, country) in _HELDOUT_FILES.items():
        with (directory / name).open("rb") as file:
            utterances += parse(tomllib.load(file), country=country, language=language)
    return utterances


def parse(
    document: Mapping[str, Any], *, country: str, language: Language = Language.SPANISH
) -> list[Utterance]:
    """The utterances of one decoded label file; raises ``BadLabel`` on a malformed entry or a
    country that is not one of ``language``'s."""
    if country not in COUNTRIES[language]:
        raise BadLabel(
            f"{country}: not one of the set's {language.name.lower()} countries {sorted(COUNTRIES[language])}"
        )
    now = _moment(document.get("now"), f"{country}: now")
    return [_utterance(entry, country, language, now) for entry in document.get("utterance", [])]


def _utterance(entry: Mapping[str, Any], country: str, language: Language, now: datetime) -> Utterance:
    where = f"{country}: {entry.get('text')!r}"
    unknown = set(entry) - _FIELDS
    if unknown:
        raise BadLabel(f"{where}: unknown fields {sorted(unknown)}")
    if not isinstance(entry.get("text"), str) or not isinstance(entry.get("intent"), str):
        raise BadLabel(f"{where}: text and intent are required strings")
    day = entry.get("date")
    if isinstance(day, datetime) or (day is not None and not isinstance(day, date)):
        raise BadLabel(f"{where}: date must be a TOML date (2027-01-07)")
    strings = {slot: entry.get(slot) for slot in ("time", "part", "doctor", "service", "relation", "name")}
    if any(value is not None and not isinstance(value, str) for value in strings.values()):
        raise BadLabel(f"{where}: slot values are strings")
    try:
        state = ConversationState(str(entry.get("state", "IDLE")).upper())
    except ValueError:
        raise BadLabel(f"{where}: no conversation state {entry.get('state')!r}") from None
    return Utterance(
        text=entry["text"],
        country=country,
        category=str(entry.get("category")),
        now=_moment(entry.get("now", now), f"{where}: now"),
        intent=entry["intent"],
        state=state,
        language=language,
        date=day.isoformat() if day is not None else None,
        **strings,
    )


def _moment(value: object, where: str) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is not None:
        raise BadLabel(f"{where}: a local date and time is required (2027-01-05T10:00:00)")
    return value


def problems(utterances: Iterable[Utterance], clinic: Clinic) -> list[str]:
    """Every label that is not a value the reader could give for ``clinic``; empty when all are."""
    doctors = {doctor.id for doctor in clinic.doctors}
    services = {service.id for service in clinic.services}
    allowed: dict[str, set[str]] = {
        "category": set(CATEGORIES),
        "intent": {intent.value for intent in Intent},
        "part": {part.value for part in DayPart},
        "doctor": set(doctors),
        "service": set(services),
        "relation": {*RELATIVES, SELF},
    }
    found: list[str] = []
    for utterance in utterances:
        for what, values in allowed.items():
            value = getattr(utterance, what)
            if value is not None and value not in values:
                found.append(f"{utterance.country}: {utterance.text!r}: {what} {value!r} is not one of ours")
        if utterance.country not in COUNTRIES[utterance.language]:
            found.append(
                f"{utterance.country}: {utterance.text!r}: not a {utterance.language.name.lower()} country"
            )
        if utterance.time is not None and not _is_clock(utterance.time):
            found.append(f"{utterance.country}: {utterance.text!r}: time {utterance.time!r} is not HH:MM")
        if utterance.name is not None and utterance.name != utterance.name.strip():
            found.append(
                f"{utterance.country}: {utterance.text!r}: name {utterance.name!r} has spaces around"
            )
    return found


def _is_clock(text: str) -> bool:
    if len(text) != 5 or text[2] != ":":
        return False
    try:
        time.fromisoformat(text)
    except ValueError:
        return False
    return True
