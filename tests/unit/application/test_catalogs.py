"""The message catalogs agree with the texts they translate, and with one another.

A regional catalog holds only what its country says otherwise, so a source text edited without
its catalogs would silently lose the regional wording: these tests name it instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from application.speech import DOMAIN, catalogs

ROOT = Path(__file__).resolve().parents[3]
SOURCE = ROOT / "src" / "application"
LOCALES = Path(str(catalogs()))
TEMPLATE = LOCALES / f"{DOMAIN}.pot"
TU_ONLY = "tu-only"  # a regional entry that only writes tú its country's way (vos): usted needs none
_FIELD = re.compile(r"\{(\w*)")

Key = tuple[str | None, str]  # (context, msgid)


def _read(path: Path) -> Catalog:
    with path.open("rb") as text:
        return read_po(text)


def _regional() -> list[Path]:
    return sorted(LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def _name(path: Path) -> str:
    return path.parents[1].name


def _language(path: Path) -> str:
    """The catalog's language: "es" for es_AR@usted, "en", "pt" for pt_BR."""
    return _name(path).partition("@")[0].partition("_")[0]


def _key(message: Message) -> Key:
    msgid = message.id[0] if isinstance(message.id, tuple) else message.id
    return (message.context, str(msgid))


def _translated(catalog: Catalog) -> Iterator[Message]:
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.id and all(strings) and not message.fuzzy:
            yield message


def _marked_in_source() -> set[Key]:
    found: set[Key] = set()
    for _file, _line, message, _comments, context in extract_from_dir(str(SOURCE)):
        found.add((context, message[0] if isinstance(message, tuple) else message))
    return found


def test_the_template_lists_every_text_marked_in_the_source() -> None:
    in_template = {_key(m) for m in _read(TEMPLATE) if m.id}
    marked = _marked_in_source()
    assert marked - in_template == set(), "new texts: run `make messages`"
    assert in_template - marked == set(), "texts gone from the source: run `make messages`"


def test_there_are_catalogs_for_the_countries_and_the_usted_register() -> None:
    names = {_name(path) for path in _regional()}
    assert {"es_CL", "es_MX", "es_AR", "es_ES", "es@usted"} <= names


@pytest.mark.parametrize("path", _regional(), ids=_name)
def test_every_translation_is_of_a_text_the_source_still_has(path: Path) -> None:
    marked = {_key(m) for m in _read(TEMPLATE) if m.id}
    stale = [_key(m) for m in _translated(_read(path)) if _key(m) not in marked]
    assert stale == [], f"{_name(path)} translates texts the source no longer has"


@pytest.mark.parametrize("path", _regional(), ids=_name)
def test_a_translation_keeps_the_placeholders_of_its_text(path: Path) -> None:
    for message in _translated(_read(path)):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set().union(*(_FIELD.findall(str(i)) for i in ids))
        for string in strings:
            assert set(_FIELD.findall(str(string))) <= wanted, f"{_name(path)}: {message.id!r}"
        if len(ids) == 1:  # a plural's singular may say "un día" with no count
            assert set(_FIELD.findall(str(strings[0]))) == wanted, f"{_name(path)}: {message.id!r}"


@pytest.mark.parametrize(
    "path", [p for p in _regional() if "@" not in _name(p) and _language(p) == "es"], ids=_name
)
def test_a_regional_word_is_not_lost_when_the_clinic_says_usted(path: Path) -> None:
    """A text both a country and the usted catalog change is in that country's usted catalog,
    unless the country only writes tú its own way (flagged "tu-only"): usted replaces that.
    Only Spanish has the two registers: English and Portuguese catalogs say "you" and "você"."""
    usted = {_key(m) for m in _translated(_read(LOCALES / "es@usted" / "LC_MESSAGES" / f"{DOMAIN}.po"))}
    own_usted_path = LOCALES / f"{_name(path)}@usted" / "LC_MESSAGES" / f"{DOMAIN}.po"
    own_usted = {_key(m) for m in _translated(_read(own_usted_path))} if own_usted_path.exists() else set()
    lost = [
        _key(m)
        for m in _translated(_read(path))
        if _key(m) in usted and _key(m) not in own_usted and TU_ONLY not in m.flags
    ]
    assert lost == [], f"{_name(path)}@usted needs these, or {_name(path)} should flag them {TU_ONLY}"
