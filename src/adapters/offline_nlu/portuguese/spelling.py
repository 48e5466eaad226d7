"""Brazilian texting shorthand and typos of the reader's own words: "vc", "hj", "amnh", "pq",
"amanah", "segnda", "sabdo", "orario".

Shorthand is looked up; a typo is respelled by sound and slips (rapidfuzz), keeping the first
sound, as the Spanish ``spelling`` does. Never respelled: short words, real words that happen to
be close (``NOT_TYPOS``), and what may be a name (a capitalised word, the words after "me chamo").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel

from adapters.offline_nlu.portuguese.calendar_words import CALENDAR
from adapters.offline_nlu.portuguese.talk_words import TALK

SHORTHAND: Mapping[str, str] = MappingProxyType(
    {
        "qria": "queria", "qro": "quero", "qr": "quer", "qer": "quer",
        "hj": "hoje", "hje": "hoje", "dps": "depois", "dpois": "depois",
        "amnh": "amanha", "amh": "amanha", "amanh": "amanha", "amn": "amanha",
        "qdo": "quando", "qnd": "quando", "qndo": "quando", "qto": "quanto", "qnto": "quanto",
        "td": "tudo", "msg": "mensagem", "msgs": "mensagens", "hr": "hora", "hrs": "horas",
        "mt": "muito", "mto": "muito", "n": "nao", "nn": "nao", "naum": "nao", "agr": "agora",
        "p": "pra", "pa": "pra", "neh": "ne", "fds": "fim de semana", "sabd": "sabado", "dmg": "domingo",
        "obgd": "obrigado", "obgda": "obrigada", "obgdo": "obrigado", "brigadao": "obrigado",
        "vlww": "valeu", "okk": "ok", "oks": "ok", "okey": "ok", "blza": "beleza", "beleuza": "beleza",
        "consult": "consulta", "hrario": "horario", "dro": "doutor",
        "pfvr": "por favor", "porfavor": "por favor", "vcs": "voces", "vc": "voce", "agend": "agendar",
        "seg": "segunda", "qua": "quarta", "qui": "quinta", "sext": "sexta", "q": "que", "pq": "porque",
        "tb": "tambem", "tbm": "tambem", "tmb": "tambem", "kd": "cade", "cmg": "comigo", "blz": "beleza",
    }
)  # fmt: skip

# Real words and common names one slip from a word of the reader's: left as typed.
_NOT_TYPOS = """
    marta marcia marina marcos marco marcela mario maria carla paula paulo sonia sexto quinto quarto
    tarda tardes noites manhas manga manhoso terco terceira segundo segundos quintal quintas
    domingos dormir ponto porta ponte parte pasta casa caso causa coisa cosmo messe meses menos mesa
    sentar sento cento setor sexo quanta quantas quantos quatros tempo templo certa cerca certos
    logo lago lado nada nadar pedra pedro pedir morar dores doente dorme limpa limpar limpo conta
    contar conto conte mares doces donde onda ondas tarefa nome nomes novo nova novos novas
    escova escovas ficar vizinho vizinha vizinhos mercado doida doido querida querido
    atestado atestados guia guias rolha massas posto postos
"""
NOT_TYPOS = frozenset(_NOT_TYPOS.split())

_SHORTEST = 4
_SHORT_WORD = 6
_LONG_WORD = 8


# Every word of the reader's tables; a typo may be respelled into one of four letters or more.
_WORDS = frozenset(word for phrase in (*CALENDAR, *TALK) for word in phrase.split())
TARGETS = frozenset(word for word in _WORDS if len(word) >= _SHORTEST)

_SOFT_C = re.compile(r"c(?=[ei])")
_HARD = re.compile(r"qu(?=[ei])|c(?=[aou])|k")
_SILENT_H = re.compile(r"(?<![cln])h")
_REPEATED = re.compile(r"(.)\1+")


def sound_key(word: str) -> str:
    """How a folded Portuguese word sounds, spelt one way: "orario" and "horario", "sesta" and "sexta"."""
    key = _SOFT_C.sub("s", word)
    key = _HARD.sub("k", key)
    key = _SILENT_H.sub("", key)
    key = key.replace("x", "s").replace("z", "s").replace("ss", "s").replace("w", "v").replace("y", "i")
    return _REPEATED.sub(r"\1", key)


_BY_SOUND: dict[str, str] = {sound_key(word): word for word in sorted(TARGETS)}
_SOUNDS = tuple(_BY_SOUND)


def unstretched(word: str) -> str | None:
    """Shorthand, or a word of the reader's with letters stretched ("Obrigadooo", "Simmm"): safe
    even for a capitalised word, which may be a name and is never respelled by sound."""
    if word in SHORTHAND:
        return SHORTHAND[word]
    squeezed = _REPEATED.sub(r"\1", word)
    if squeezed != word and (squeezed in _WORDS or squeezed in SHORTHAND):
        return SHORTHAND.get(squeezed, squeezed)
    return None


@lru_cache(maxsize=8192)
def respelled(word: str) -> str | None:
    """The word of the reader's that a folded word stands for ("amnh" -> "amanha", "segnda" ->
    "segunda"); None when it is one already, a real word, or no one word is closest."""
    if word in SHORTHAND:
        return SHORTHAND[word]
    if word in _WORDS or word in NOT_TYPOS:
        return None
    squeezed = _REPEATED.sub(r"\1", word)  # "oiii", "amanhaaa", "simmm", "obgg"
    if squeezed in _WORDS or squeezed in SHORTHAND:
        return SHORTHAND.get(squeezed, squeezed)
    if len(word) < _SHORTEST:
        return None
    key = sound_key(word)
    if key in _BY_SOUND:
        return _BY_SOUND[key]
    slips = 2 if len(word) >= _LONG_WORD else 1
    # In a short word a changed letter is another word more often than a slip: there only a
    # letter too many or too few counts ("sabdo", "amanah" is a swap, counted by OSA in longer ones).
    scorer = OSA.distance if len(word) >= _SHORT_WORD else Indel.distance
    found = process.extract(key, _SOUNDS, scorer=scorer, score_cutoff=slips, limit=3)
    near = [(sound, distance) for sound, distance, _ in found if sound[:1] == key[:1]]
    if not near or (len(near) > 1 and near[0][1] == near[1][1]):
        return None
    return _BY_SOUND[near[0][0]]
