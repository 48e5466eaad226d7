"""The folded Portuguese words this reader knows: what tells a Portuguese message from a Spanish one.

``VOCABULARY`` holds every word of the reader's tables (dates, times, intents, people, services,
questions, grammar) and texting shorthand ("vc", "hj", "pq"). Many are Spanish too ("para",
"consulta", "tarde", "sábado"): ``SHARED_WITH_SPANISH`` lists those the Spanish reader also knows,
so a language detector counts only ``VOCABULARY - SHARED_WITH_SPANISH`` as Portuguese evidence.
"""

from __future__ import annotations

from adapters.offline_nlu.coverage import unread as spanish_unread
from adapters.offline_nlu.portuguese.spelling import SHORTHAND
from adapters.offline_nlu.portuguese.talk_words import ALONE
from adapters.offline_nlu.portuguese.translation import WORDS
from adapters.offline_nlu.text import WORD, unaccented

VOCABULARY: frozenset[str] = frozenset(
    word for phrase in (*WORDS, *SHORTHAND, *ALONE) for word in WORD.findall(phrase)
)
# Words the Spanish reader knows as well (its own vocabulary and everyday words), and the words this
# reader's tables say in Spanish as they are ("consulta", "urgencia", "marido"): spelt the same.
_SPELT_ALIKE = frozenset(phrase for phrase, spanish in WORDS.items() if unaccented(spanish) == phrase)
# Portuguese words that are Spanish words too, whatever they mean there ("no" is "in the", "segunda"
# "second", "ta" a Chilean "ok"), and loanwords both write ("show", "top", "check up").
_ALSO_SPANISH = frozenset(
    {
        "no",
        "mas",
        "ser",
        "horario",
        "canal",
        "plano",
        "lista",
        "legal",
        "final",
        "quinta",
        "sexta",
        "segunda",
        "vaga",
    }
    | {"clinica", "carro", "pare", "tira", "sal", "ta", "n", "p", "so", "to", "pro", "show", "top", "check"}
    | {"up", "checkup", "set", "out"}
    # Spanish words too, or said alike in both: "ver", "usar", "frente", "tranquilo", "uhum".
    | {"ver", "usar", "frente", "manda", "confirma", "data", "dental", "aula", "aulas", "colegio", "america"}
    | {"suave", "tranquilo", "firmeza", "aham", "ahan", "uhum", "uhun", "unhum", "metlife"}
    | {"positivo", "negativo", "capaz", "pensar", "dentro"}
)
SHARED_WITH_SPANISH: frozenset[str] = frozenset(
    word for word in VOCABULARY if word in _SPELT_ALIKE or word in _ALSO_SPANISH or not spanish_unread([word])
)
