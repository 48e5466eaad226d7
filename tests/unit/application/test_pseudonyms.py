"""Keyed hashes of message ids: the long form kept for good in PostgreSQL (issue 24)."""

from __future__ import annotations

from application.pseudonyms import Pseudonyms
from domain.ids import MessageId
from tests.wamids import wamid

KEY = b"pseudonym-tests-key-" + b"0" * 32
MESSAGE = MessageId(wamid("56987650123"))


def test_a_message_key_is_64_hex_characters_and_stable_under_one_key() -> None:
    key = Pseudonyms(KEY).message_key(MESSAGE)
    assert len(key) == 64
    assert int(key, 16) >= 0
    assert Pseudonyms(KEY).message_key(MESSAGE) == key  # every process sharing the key finds the row


def test_a_message_key_differs_by_key() -> None:
    other = Pseudonyms(b"another-deployment-" + b"1" * 32)
    assert Pseudonyms(KEY).message_key(MESSAGE) != other.message_key(MESSAGE)


def test_a_message_key_differs_from_the_names_of_other_purposes() -> None:
    names = Pseudonyms(KEY)
    key = names.message_key(MESSAGE)
    assert not key.startswith(names.message(MESSAGE))  # not the log's name, only longer
    assert key != names.of("message", MESSAGE, length=64)
    assert key != names.of("patient", MESSAGE, length=64)


def test_a_message_key_holds_nothing_of_the_id() -> None:
    key = Pseudonyms(KEY).message_key(MESSAGE)
    assert "56987650123" not in key
    assert MESSAGE.removeprefix("wamid.")[:12] not in key
