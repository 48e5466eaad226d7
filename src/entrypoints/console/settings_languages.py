"""The "Idiomas" settings form and the clinic file's tables, both ways: which languages the clinic
serves (``[clinic] languages``) and its templates in each language after the first
(``[reminders.en]``, ``[reengagement.en]``, each campaign's ``en``).

The first language stays first: its templates are the keys the tables always had, edited on the
reminders page. A language's templates may be filled before it is ticked, and stay when it is
unticked; its fields all left empty remove them, and the file's parser then refuses a served
language without them, with its own message naming the missing one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from domain.language import Language
from entrypoints.console.settings_forms import Form, checked, text

NAMES: Final = {
    Language.SPANISH: "español",
    Language.ENGLISH: "inglés",
    Language.PORTUGUESE: "portugués (Brasil)",
}
# Meta's code a template in each language is most often approved with, shown as an example.
EXAMPLES: Final = {Language.SPANISH: "es", Language.ENGLISH: "en_US", Language.PORTUGUESE: "pt_BR"}

_REMINDER_KEYS: Final = ("template", "waitlist_template", "language")
_TEMPLATE_KEYS: Final = ("template", "language")


@dataclass(frozen=True, slots=True)
class Shown:
    """A language as the form shows it."""

    code: str
    name: str
    example: str


def first_language(document: Mapping[str, Any]) -> Language:
    codes: Sequence[str] = document["clinic"].get("languages") or [Language.SPANISH.value]
    return Language(codes[0])


def shown(language: Language) -> Shown:
    return Shown(language.value, NAMES[language], EXAMPLES[language])


def others(document: Mapping[str, Any]) -> list[Shown]:
    """The languages the form offers to tick: every one the bot speaks but the first."""
    first = first_language(document)
    return [shown(language) for language in Language if language is not first]


def served_after_first(document: Mapping[str, Any]) -> list[Shown]:
    """The languages the clinic serves after its first: a new campaign needs its template in each."""
    codes: Sequence[str] = document["clinic"].get("languages") or [Language.SPANISH.value]
    return [shown(Language(code)) for code in codes[1:]]


def campaign_ids(document: Mapping[str, Any]) -> list[str]:
    return [str(c.get("id", "")) for c in document.get("recalls", {}).get("campaigns", [])]


def language_values(document: Mapping[str, Any]) -> dict[str, str]:
    """The form's fields: ``serve_en`` ticked, and ``en_reminders_template`` and the like."""
    served = document["clinic"].get("languages") or [Language.SPANISH.value]
    values: dict[str, str] = {}
    for language in others(document):
        code = language.code
        if code in served:
            values[f"serve_{code}"] = "on"
        values |= _values(document.get("reminders", {}).get(code), f"{code}_reminders", _REMINDER_KEYS)
        values |= _values(document.get("reengagement", {}).get(code), f"{code}_reengagement", _TEMPLATE_KEYS)
        for campaign in document.get("recalls", {}).get("campaigns", []):
            prefix = f"{code}_campaign_{campaign.get('id', '')}"
            values |= _values(campaign.get(code), prefix, _TEMPLATE_KEYS)
    return values


def apply_languages(document: dict[str, Any], form: Form) -> None:
    """The document as the form leaves it: the languages ticked after the first (those served
    already keep their place, new ones follow), and each language's templates as typed."""
    clinic = document["clinic"]
    served: list[str] = list(clinic.get("languages") or [Language.SPANISH.value])
    ticked = {language.code for language in others(document) if checked(form, f"serve_{language.code}")}
    kept = [code for code in served[1:] if code in ticked]
    clinic["languages"] = [
        served[0],
        *kept,
        *(lang.value for lang in Language if lang.value in ticked - set(kept)),
    ]
    for language in others(document):
        code = language.code
        _apply(document.setdefault("reminders", {}), code, form, f"{code}_reminders", _REMINDER_KEYS)
        if "reengagement" in document:
            _apply(document["reengagement"], code, form, f"{code}_reengagement", _TEMPLATE_KEYS)
        for campaign in document.get("recalls", {}).get("campaigns", []):
            _apply(campaign, code, form, f"{code}_campaign_{campaign.get('id', '')}", _TEMPLATE_KEYS)


def _values(table: Mapping[str, Any] | None, prefix: str, keys: Sequence[str]) -> dict[str, str]:
    return {f"{prefix}_{key}": str((table or {}).get(key, "")) for key in keys}


def _apply(owner: dict[str, Any], code: str, form: Form, prefix: str, keys: Sequence[str]) -> None:
    """``owner[code]`` as typed; removed when every field is left empty; as it was when the form
    has none of its fields (a campaign added since the page was shown)."""
    if not any(f"{prefix}_{key}" in form for key in keys):
        return
    typed = {key: text(form, f"{prefix}_{key}") for key in keys}
    if any(typed.values()):
        owner[code] = typed  # an empty one goes as typed, for the parser to refuse by name
    else:
        owner.pop(code, None)
