"""The languages a clinic file says the clinic serves, and its templates in each of them.

``[clinic] languages = ["es", "en", "pt"]`` (default Spanish alone; the first is the one a patient
is answered in until they write in another). Meta approves a template in one language, so each
language after the first gets its own templates, in a table named by its code under the
template's own: ``[reminders.en]``, ``[reengagement.en]``, and ``[recalls.campaigns.en]`` after
each ``[[recalls.campaigns]]``. The first language's are the keys the tables always had. A
table for a language the clinic does not serve (yet) is checked and kept, unused.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import Final, TypeVar

import msgspec

from adapters.clinic_config.fields import FieldError, quote
from domain.errors import InvalidClinic
from domain.language import Language, language_of
from domain.outreach import ReminderTemplates, Template, Translated

__all__ = [
    "ReminderLanguageTable",
    "TemplateLanguageTable",
    "by_language",
    "reminder_translations",
    "require_each",
    "served_languages",
    "template_code",
    "template_name",
    "translations",
]

# Meta accepts template names of lowercase letters, digits and underscores only, and language
# codes like "es", "es_MX" or "fil"; anything else would be refused at the first send.
_TEMPLATE_PATTERN: Final = re.compile(r"[a-z0-9_]+")
_CODE_PATTERN: Final = re.compile(r"[a-z]{2,3}(?:_[A-Z]{2})?")

NAMES: Final = {Language.SPANISH: "Spanish", Language.ENGLISH: "English", Language.PORTUGUESE: "Portuguese"}
# Meta's codes for each language, as a message suggests them.
_CODES: Final = {
    Language.SPANISH: '"es" or "es_MX"',
    Language.ENGLISH: '"en" or "en_US"',
    Language.PORTUGUESE: '"pt_BR"',
}


class ReminderLanguageTable(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """``[reminders.en]``: the reminder's and the waitlist offer's templates in that language."""

    template: str
    language: str
    waitlist_template: str


class TemplateLanguageTable(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """``[reengagement.en]``, ``[recalls.campaigns.en]``: a template in that language."""

    template: str
    language: str


_Table = TypeVar("_Table", ReminderLanguageTable, TemplateLanguageTable)


def served_languages(codes: Sequence[str]) -> tuple[Language, ...]:
    """``clinic.languages``, each once; ``"EN"`` or ``"en-US"`` read as ``"en"``."""
    where = "clinic.languages"
    if not codes:
        raise FieldError(where, 'empty; a clinic serves at least one language, like ["es"]')
    found: list[Language] = []
    for index, code in enumerate(codes):
        try:
            language = language_of(code)
        except InvalidClinic:
            spoken = ", ".join(quote(known.value) for known in Language)
            raise FieldError(
                f"{where}[{index}]", f"{quote(code)} is not a language the bot speaks ({spoken})"
            ) from None
        if language in found:
            raise FieldError(
                f"{where}[{index}]", f"{quote(code)} is already {where}[{found.index(language)}]"
            )
        found.append(language)
    return tuple(found)


def by_language(table: object, kind: type[_Table]) -> dict[Language, _Table]:
    """The language tables under a template's table (its fields named ``es``, ``en``, ``pt``)."""
    found: dict[Language, _Table] = {}
    for language in Language:
        entry = getattr(table, language.value, None)
        if isinstance(entry, kind):
            found[language] = entry
    return found


def translations(tables: dict[Language, TemplateLanguageTable], where: str, first: Language) -> Translated:
    """The templates of ``[where.en]`` and the like, refusing one for the first language."""
    return tuple(
        (
            language,
            Template(*_names(table.template, table.language, f"{where}.{language.value}", first, language)),
        )
        for language, table in tables.items()
    )


def reminder_translations(
    tables: dict[Language, ReminderLanguageTable], first: Language
) -> tuple[tuple[Language, ReminderTemplates], ...]:
    """``[reminders.en]`` and the like: the reminder's and the waitlist offer's templates."""
    found: list[tuple[Language, ReminderTemplates]] = []
    for language, table in tables.items():
        where = f"reminders.{language.value}"
        reminder, code = _names(table.template, table.language, where, first, language)
        waitlist = template_name(table.waitlist_template, f"{where}.waitlist_template")
        found.append((language, ReminderTemplates(reminder, waitlist, code)))
    return tuple(found)


def require_each(
    languages: Sequence[Language], given: Collection[Language], where: str, needs: str, add: str
) -> None:
    """Every language the clinic serves after its first has its own template: WhatsApp would
    otherwise send a patient who wrote in English the Spanish one. ``needs`` says what needs it,
    with ``{name}`` for the language's name; ``add``, the table to add, with ``{code}``."""
    for language in languages[1:]:
        if language not in given:
            name = NAMES[language]
            raise FieldError(
                f"{where}.{language.value}",
                f"missing: the clinic serves {name} (clinic.languages), so {needs.format(name=name)} "
                f"approved by Meta; add {add.format(code=language.value)}",
            )


def template_name(name: str, where: str) -> str:
    if not _TEMPLATE_PATTERN.fullmatch(name):
        raise FieldError(
            where, f'{quote(name)} is not a WhatsApp template name (lowercase letters, digits and "_")'
        )
    return name


def template_code(code: str, where: str, language: Language, *, first: bool = False) -> str:
    """Meta's code of a template in ``language``: ``"en_US"`` for English, not ``"pt_BR"``."""
    if not _CODE_PATTERN.fullmatch(code):
        raise FieldError(where, f"{quote(code)} is not a WhatsApp language code like {_CODES[language]}")
    if code.partition("_")[0] != language.value:
        which = (
            f"{NAMES[language]}, the clinic's first language (clinic.languages[0])"
            if first
            else NAMES[language]
        )
        raise FieldError(where, f"{quote(code)} is not a code of {which}; write one like {_CODES[language]}")
    return code


def _names(template: str, code: str, where: str, first: Language, language: Language) -> tuple[str, str]:
    if language is first:
        raise FieldError(
            where,
            f"{NAMES[language]} is the clinic's first language (clinic.languages[0]), whose templates "
            "are the keys above this table; remove the table",
        )
    return template_name(template, f"{where}.template"), template_code(code, f"{where}.language", language)
