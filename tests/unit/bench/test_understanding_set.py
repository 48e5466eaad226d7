"""The labelled set of ``bench.understanding`` is well formed: big enough, spread over countries
and categories, and every label a value the reader could give for the demo clinic."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, datetime

import pytest
from bench.understanding.conversations import CONVERSATIONS
from bench.understanding.labels import CATEGORIES, BadLabel, Utterance, load, parse, problems

from adapters.clinic_config.toml_file import load_demo_clinic


@pytest.fixture(scope="module")
def utterances() -> list[Utterance]:
    return load()


def test_the_set_has_500_utterances_from_five_countries_at_least(
    utterances: list[Utterance],
) -> None:
    countries = Counter(u.country for u in utterances)
    assert len(utterances) >= 500
    assert len([c for c, n in countries.items() if n >= 80]) >= 5


def test_every_category_has_at_least_25_utterances(utterances: list[Utterance]) -> None:
    counts = Counter(u.category for u in utterances)
    assert {category: counts[category] for category in CATEGORIES if counts[category] < 25} == {}


def test_every_label_is_a_value_the_reader_could_give(utterances: list[Utterance]) -> None:
    assert problems(utterances, load_demo_clinic()) == []


def test_dates_are_iso_and_none_is_before_its_moment(utterances: list[Utterance]) -> None:
    past = [u.text for u in utterances if u.date is not None and date.fromisoformat(u.date) < u.now.date()]
    assert past == []


def test_no_text_is_labelled_twice(utterances: list[Utterance]) -> None:
    repeated = Counter((u.country, u.text, u.now, u.state) for u in utterances)
    assert [key for key, n in repeated.items() if n > 1] == []


def test_a_label_the_rules_do_not_allow_is_refused() -> None:
    now = {"now": datetime(2027, 1, 5, 10)}
    with pytest.raises(BadLabel, match="unknown fields"):
        parse({**now, "utterance": [{"text": "hola", "intent": "greet", "when": "hoy"}]}, country="mx")
    with pytest.raises(BadLabel, match="date"):
        parse({**now, "utterance": [{"text": "hoy", "intent": "book", "date": "2027-01-05"}]}, country="cl")
    with pytest.raises(BadLabel, match="countries"):
        parse(now, country="br")


def test_a_wrong_id_or_time_is_reported() -> None:
    base = Utterance("x", "mx", "plain", datetime(2027, 1, 5, 10), "book")
    wrong = [
        replace(base, intent="agendar"),
        replace(base, doctor="gomez"),
        replace(base, service="corona"),
        replace(base, relation="vecino"),
        replace(base, time="4pm"),
        replace(base, category="misc"),
    ]
    assert len(problems(wrong, load_demo_clinic())) == len(wrong)
    assert problems([base], load_demo_clinic()) == []


def test_sixty_conversations_from_at_least_five_countries_each_expecting_a_booking() -> None:
    countries = Counter(c.name.split(":")[0] for c in CONVERSATIONS)
    assert len(CONVERSATIONS) == 60
    assert len([c for c, n in countries.items() if n >= 8]) >= 5
    assert len({c.name for c in CONVERSATIONS}) == 60
    assert all(c.expect.day is not None for c in CONVERSATIONS)
