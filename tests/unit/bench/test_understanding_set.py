"""The labelled set of ``bench.understanding`` is well formed: big enough in each language, spread
over countries and categories, and every label a value the reader could give for the demo clinic."""

from __future__ import annotations

import importlib.util
from collections import Counter
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from bench.understanding.conversations import CONVERSATIONS
from bench.understanding.conversations_en import ENGLISH
from bench.understanding.labels import CATEGORIES, BadLabel, Utterance, load, load_heldout, parse, problems
from bench.understanding.languages import SUITES

from adapters.clinic_config.toml_file import load_demo_clinic
from domain.language import Language


@pytest.fixture(scope="module")
def utterances() -> list[Utterance]:
    return load()


def test_the_set_has_500_spanish_utterances_from_five_countries_at_least(
    utterances: list[Utterance],
) -> None:
    spanish = [u for u in utterances if u.language is Language.SPANISH]
    countries = Counter(u.country for u in spanish)
    assert len(spanish) >= 500
    assert len([c for c, n in countries.items() if n >= 80]) >= 5


def test_every_category_has_at_least_25_utterances(utterances: list[Utterance]) -> None:
    counts = Counter(u.category for u in utterances)
    assert {category: counts[category] for category in CATEGORIES if counts[category] < 25} == {}


def test_the_english_set_has_220_utterances_over_every_category(utterances: list[Utterance]) -> None:
    english = [u for u in utterances if u.language is Language.ENGLISH]
    counts = Counter(u.category for u in english)
    assert len(english) >= 220
    assert {u.country for u in english} == {"us"}
    assert {category: counts[category] for category in CATEGORIES if counts[category] < 15} == {}


def test_each_file_is_read_in_its_folders_language(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "pt").mkdir()
    said = 'now = 2027-01-05T10:00:00\n[[utterance]]\ntext = "{}"\ncategory = "intents"\nintent = "greet"\n'
    (tmp_path / "mx.toml").write_text(said.format("hola"))
    (tmp_path / "en" / "us.toml").write_text(said.format("hi"))
    (tmp_path / "pt" / "br.toml").write_text(said.format("oi"))

    read = {(u.text, u.country, u.language) for u in load(tmp_path)}

    assert read == {
        ("hola", "mx", Language.SPANISH),
        ("hi", "us", Language.ENGLISH),
        ("oi", "br", Language.PORTUGUESE),
    }


def test_a_country_of_another_language_or_a_stray_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "mx.toml").write_text("now = 2027-01-05T10:00:00\n")
    with pytest.raises(BadLabel, match="countries"):
        load(tmp_path)
    (tmp_path / "en" / "mx.toml").unlink()
    (tmp_path / "fr").mkdir()
    with pytest.raises(BadLabel, match="folder"):
        load(tmp_path)


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
        parse(now, country="br")  # Brazil's file is Portuguese, not Spanish
    with pytest.raises(BadLabel, match="countries"):
        parse(now, country="mx", language=Language.ENGLISH)
    with pytest.raises(BadLabel, match="countries"):
        parse(now, country="pt", language=Language.PORTUGUESE)
    assert parse(now, country="br", language=Language.PORTUGUESE) == []


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


def test_each_language_plays_its_conversations_sixty_spanish_twenty_english_twenty_portuguese() -> None:
    counts = {language: len(suite) for language, suite in SUITES.items()}
    expected = {Language.SPANISH: 60, Language.ENGLISH: 20}
    if importlib.util.find_spec("bench.understanding.conversations_pt") is not None:
        expected[Language.PORTUGUESE] = 20  # once conversations_pt.BRAZIL is written, it is played
    assert counts == expected
    assert SUITES[Language.ENGLISH] == ENGLISH
    names = [c.name for suite in SUITES.values() for c in suite]
    assert len(set(names)) == len(names)
    assert all(c.expect.day is not None for c in ENGLISH)


def test_the_held_out_sets_load_in_their_language_and_say_only_what_the_rules_allow() -> None:
    heldout = load_heldout()
    for language in (Language.ENGLISH, Language.PORTUGUESE):
        mine = [u for u in heldout if u.language is language]
        assert len(mine) >= 120
        assert {u.category for u in mine} == set(CATEGORIES)
    assert problems(heldout, load_demo_clinic()) == []
