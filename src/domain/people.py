"""People a phone books for: its owner, a child, a parent. One WhatsApp number, a whole family."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import NewType

PersonId = NewType("PersonId", str)

# How a patient names whom an appointment is for ("para mi hija"): the word as a receptionist
# would say it back ("¿Cómo se llama tu hija?"). A closed list, so a reader (or a model) can only
# propose one of these, never free text.
RELATIVES = frozenset(
    {
        "hijo", "hija", "hijos", "guagua", "bebé",
        "mamá", "papá", "madre", "padre",
        "esposo", "esposa", "marido", "señora", "pareja", "pololo", "polola", "novio", "novia",
        "hermano", "hermana",
        "abuelo", "abuela", "nieto", "nieta", "bisabuelo", "bisabuela",
        "tío", "tía", "sobrino", "sobrina", "primo", "prima",
        "suegro", "suegra", "cuñado", "cuñada", "yerno", "nuera",
        "padrastro", "madrastra", "hijastro", "hijastra", "padrino", "madrina", "ahijado", "ahijada",
        "amigo", "amiga",
    }
)  # fmt: skip
SELF = "yo"  # the phone's owner: "para mí"
SOMEONE = "otra persona"  # someone else, not said who ("Otra persona" tapped)


def relative(word: str | None) -> str | None:
    """``word`` if it is one of ``RELATIVES`` (or ``SELF``), in its written form; else None."""
    if word is None:
        return None
    wanted = unicodedata.normalize("NFC", word.strip().casefold())
    if wanted in (SELF, SOMEONE) or wanted in RELATIVES:
        return wanted
    return None


def same_name(one: str, other: str) -> bool:
    """Whether two spellings name one person: case, accents and spacing aside ("Mateo  rojas")."""
    return name_key(one) == name_key(other)


def name_key(name: str) -> str:
    """One spelling for every way of writing a name: "Sofía  ROJAS" and "sofia rojas" alike."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@dataclass(frozen=True, slots=True)
class Person:
    """Someone a phone has booked for. ``relation`` is how the phone's owner named them ("hija"),
    ``SELF`` for the owner, or None when never said."""

    id: PersonId
    name: str
    relation: str | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("a person needs a name")

    @property
    def first_name(self) -> str:
        return self.name.split()[0]
