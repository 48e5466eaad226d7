"""Text from outside made fit to store: control characters out (tabs and line breaks kept), an
unpaired surrogate as U+FFFD, everything printable (emoji sequences included) untouched."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.memory.clinics import InMemoryClinicDirectory
from adapters.memory.clock import FixedClock
from adapters.memory.staff_keys import InMemoryStaffKeys
from application.plain_text import clean, refused_character
from application.staff import StaffAccess
from tests.factories import clinic
from tests.unit.application.conftest import NOW

CONTROLS = [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]
UNFIT = {chr(c) for c in CONTROLS} | {chr(c) for c in range(0xD800, 0xE000)} | {"\r"}


@given(st.text(st.characters(codec=None, exclude_categories=())))
def test_nothing_unfit_is_left_and_cleaning_twice_changes_nothing(text: str) -> None:
    cleaned = clean(text)
    assert not set(cleaned) & UNFIT
    assert clean(cleaned) == cleaned


@given(st.text(st.characters(exclude_categories=("Cc", "Cs"))))
def test_text_without_controls_or_surrogates_is_kept_as_it_is(text: str) -> None:
    assert clean(text) == text
    assert refused_character(text) is None


@pytest.mark.parametrize("code", CONTROLS)
def test_each_control_character_is_removed_and_refused_by_name(code: int) -> None:
    assert clean(f"a{chr(code)}b") == "ab"
    assert refused_character(f"a{chr(code)}b") == f"U+{code:04X}"


def test_line_breaks_and_tabs_are_kept_a_carriage_return_is_a_line_break() -> None:
    assert clean("a\r\nb\rc\nd\te") == "a\nb\nc\nd\te"
    assert refused_character("a\r\nb\tc") is None


def test_an_unpaired_surrogate_becomes_a_replacement_character_and_emoji_sequences_stay() -> None:
    family = "👩‍👩‍👧 ❤️ 🇨🇱 👍🏽"  # ZWJ, a variation selector, regional indicators, a skin tone
    assert clean(f"\ud83d{family}\ude00") == f"\ufffd{family}\ufffd"
    assert refused_character("x\ud83d") == "U+D83D"


async def test_a_staff_key_name_typed_with_control_characters_is_kept_clean() -> None:
    sonrisa = clinic()
    access = StaffAccess(InMemoryStaffKeys(), InMemoryClinicDirectory([sonrisa]), FixedClock(NOW))
    issued = await access.issue(sonrisa.id, "recepción\x00\x1b")
    assert issued.key.name == "recepción"
    assert (await access.issue(sonrisa.id, "\x00")).key.name == "staff"
