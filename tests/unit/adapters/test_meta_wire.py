"""Cutting outbound text to Meta's limits: nothing lost, nothing over the limit, words kept whole."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.meta.wire import clip, recipient, split
from domain.ids import AddressKind, PatientAddress

words = st.lists(
    st.text(alphabet="abcdefghijklmnñopqrstuvwxyzáéíóú¿?¡!", min_size=1, max_size=12), max_size=300
)
separators = st.sampled_from([" ", "\n", "\n\n"])


@given(
    st.lists(st.tuples(words.map(" ".join), separators), max_size=20),
    st.integers(min_value=20, max_value=300),
)
def test_split_keeps_every_word_and_respects_the_limit(parts: list[tuple[str, str]], limit: int) -> None:
    text = "".join(chunk + sep for chunk, sep in parts)
    pieces = split(text, limit)
    assert all(len(piece) <= limit for piece in pieces)
    assert " ".join(" ".join(pieces).split()) == " ".join(text.split())
    assert all(pieces) or pieces == [""]


def test_split_prefers_paragraphs_then_lines_then_words() -> None:
    assert split("uno dos\n\ntres cuatro", 12) == ["uno dos", "tres cuatro"]
    assert split("uno dos\ntres cuatro", 12) == ["uno dos", "tres cuatro"]
    assert split("uno dos tres", 8) == ["uno dos", "tres"]
    assert split("a" * 10, 4) == ["aaaa", "aaaa", "aa"]


def test_clip_marks_what_it_shortened() -> None:
    assert clip("Confirmar", 20) == "Confirmar"
    assert clip("Odontopediatría infantil avanzada", 20) == "Odontopediatría inf…"
    assert len(clip("x" * 50, 20)) == 20


def test_recipients_carry_a_plus_and_country_code_or_the_user_id() -> None:
    assert recipient(PatientAddress("56911112222")) == {"to": "+56911112222"}
    assert recipient(PatientAddress("+56911112222")) == {"to": "+56911112222"}
    assert recipient(PatientAddress("CL.123", AddressKind.USER_ID)) == {"recipient": "CL.123"}
    with pytest.raises(ValueError, match="digits"):
        recipient(PatientAddress("56 9 1111 2222"))
