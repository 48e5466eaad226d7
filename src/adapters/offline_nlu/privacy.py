"""Requests about a patient's own data, recognised offline (issue 24): see what is kept ("mis
datos", "qué datos tienen de mí"), correct the name ("me equivoqué en mi nombre"), erase it all
("borren mis datos", "derecho al olvido", "supriman mi información"), and the same in English
("delete my data", "my name is wrong") and Brazilian Portuguese ("apaguem meus dados").

Patients from Mexico to Spain write these many ways, with typos: each word is folded (case,
accents, stretched letters) and, when it is a slip of one of the few words these requests are
made of ("elimnen", "datoz", "informasion", "nonbre"), respelled first, by sound and one slip
(two in long words), keeping the first sound, as ``spelling`` does for the booking words. Then a
few phrase patterns decide. Nothing here is a guess to act on: erasure is always confirmed with
buttons, so a wrong match costs the patient a "no", and a request missed goes to the usual reading.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from adapters.offline_nlu.spelling import sound_key
from adapters.offline_nlu.text import fold
from application.ports import PrivacyAsk

_WORDS = """
    datos informacion personales borrar borren borra borre borrame borrenme eliminar eliminen elimina
    elimine eliminame eliminenme suprimir supriman suprima suprime suprimanme olvido olvidenme derecho
    nombre equivoque equivoco equivocado equivocaron corregir corrijan corrige rectificar rectifiquen
    rectificacion cambiar cambien cambia arreglar modificar tienen guardan acceso acceder supresion
    cancelacion historial registros escrito incorrecto quiero
"""
_VOCABULARY = frozenset(_WORDS.split())
_BY_SOUND = {sound_key(word): word for word in sorted(_VOCABULARY)}
_SOUNDS = tuple(_BY_SOUND)
_SHORTEST = 5  # shorter words are never respelled: "mis", "dato", "que" stay what they are
_LONG_WORD = 8
_WORD = re.compile(r"[a-z]+")

_OBJECT = r"(?:datos?|informacion|info|historial|registros?|expediente|data)"
_MY = r"(?:(?:todos\s+|toda\s+)?(?:mis|mi|los|la|sus|tus)\s+)?"
_ERASE = r"(?:borr|elimin|suprim|destru)[a-z]*"
_FIX = r"(?:cambi|corrig|correg|rectific|arregl|modific|actualiz|edit)[a-z]*"

_ERASURE = re.compile(
    rf"(?<!\bno\s)\b{_ERASE}\s+(?:(?:todo|toda|todos)\s+)?{_MY}{_OBJECT}\b"
    rf"|\b(?:borrado|eliminacion|supresion|cancelacion)\s+de\s+{_MY}{_OBJECT}\b"
    r"|\bderecho\s+(?:al\s+olvido|de\s+(?:supresion|cancelacion|borrado|eliminacion|oposicion\s+y\s+supresion))\b"
    r"|\bolvid(?:en|a|e)me\b|\bolvidenos\b"
)
_RECTIFICATION = re.compile(
    rf"\b{_FIX}\s+(?:el\s+|mi\s+)?(?:mi\s+)?nombre\b(?!\s+(?:de|del|para)\b)"
    rf"|\b{_FIX}\s+{_MY}{_OBJECT}\b"
    r"|\bmi\s+nombre\s+(?:esta|estan|es|salio|aparece|figura|quedo)\s+(?:muy\s+)?"
    r"(?:mal|incorrecto|equivocado|errado|erroneo)"
    r"|\bmi\s+nombre\s+no\s+es\b|\b(?:esta\s+)?mal\s+escrito\s+mi\s+nombre\b"
    r"|\bequivo(?:c|qu)[a-z]*\s+(?:en|con)\s+(?:el\s+|mi\s+)?nombre\b"
    r"|\berror(?:es)?\s+(?:en|con)\s+mi\s+nombre\b"
    r"|\bderecho\s+de\s+rectificacion\b"
)
_ACCESS = re.compile(
    rf"^\W*(?:(?:hola|buenas)\W+)?(?:ver\s+)?mis\s+{_OBJECT}(?:\s+personales)?(?:\W+(?:por\s+favor|porfa))?\W*$"
    rf"|\bque\s+{_OBJECT}\s+(?:personales\s+)?(?:(?:mios|mias)\s+)?"
    r"(?:tienen|tiene|guardan|guarda|hay|manejan|almacenan|conservan)\b"
    r"|\bque\s+(?:saben|tienen|guardan)\s+(?:de|sobre)\s+mi\b"
    rf"|\b(?:ver|saber|conocer|consultar|revisar|acceder\s+a|acceso\s+a|copia\s+de|descargar|exportar"
    rf"|mostrar(?:me)?|muestr(?:en|a|e)(?:me)?|ensen(?:en|a|e)(?:me)?|mand(?:en|a|e)(?:me)?)"
    rf"\s+{_MY}{_OBJECT}\b"
    r"|\bderecho\s+(?:de\s+)?acceso\b"
)


# The same requests in English and Brazilian Portuguese, read on the folded text as typed.
_DATA_EN_PT = (
    r"(?:data|info(?:rmation)?|details|records?|history|dados|informac(?:ao|oes)|historico|registros?)"
)
_MY_EN_PT = r"(?:(?:all\s+(?:of\s+)?|tod[oa]s\s+(?:[oa]s\s+)?)?(?:my|our|the|meus|minhas|os|as)\s+)?"
_ERASURE_EN_PT = re.compile(
    rf"(?<!\bdon't\s)(?<!\bnao\s)\b(?:delete|erase|remove|wipe|destroy|apag(?:ar|ue|uem|a)|exclu(?:ir|a|am|i)"
    rf"|delet(?:ar|e|em)|remov(?:er|a|am))\s+{_MY_EN_PT}(?:personal\s+|pessoais\s+)?{_DATA_EN_PT}\b"
    r"|\bright\s+to\s+(?:be\s+forgotten|erasure)\b|\bforget\s+(?:about\s+)?me\b"
    r"|\bdireito\s+(?:ao\s+esquecimento|de\s+(?:exclusao|eliminacao|apagamento))\b|\bme\s+esquec(?:am|a)\b"
)
_RECTIFICATION_EN_PT = re.compile(
    r"\bmy\s+name\s+(?:is\s+)?(?:wrong|misspelled|spelled\s+wrong|incorrect)\b"
    r"|\b(?:fix|correct|change|update)\s+(?:my|the)\s+name\b(?!\s+(?:of|for)\b)|\bwrong\s+name\b"
    r"|\bmeu\s+nome\s+(?:esta|ta|saiu|ficou)\s+(?:errado|incorreto)\b|\bnome\s+errado\b"
    r"|\b(?:corrigir|corrija|corrijam|mudar|alterar|altere|alterem|arrumar|atualizar)\s+(?:o\s+)?meu\s+nome\b"
    r"|\bright\s+to\s+rectification\b|\bdireito\s+de\s+(?:retificacao|correcao)\b"
)
_ACCESS_EN_PT = re.compile(
    rf"\bwhat\s+(?:personal\s+)?{_DATA_EN_PT}\s+(?:do\s+you\s+)?(?:have|keep|hold|store)\b"
    rf"|\b(?:see|get|access|copy\s+of|download|export|show\s+me)\s+{_MY_EN_PT}(?:personal\s+)?{_DATA_EN_PT}\b"
    rf"|\b(?:quais|que)\s+(?:os\s+)?{_DATA_EN_PT}\s+(?:pessoais\s+)?(?:voces\s+|vcs\s+)?(?:tem|guardam|tem\s+de\s+mim)\b"
    rf"|\b(?:ver|acessar|acesso\s+aos?|copia\s+d[eo]s?|baixar)\s+{_MY_EN_PT}{_DATA_EN_PT}\b"
    r"|\bright\s+(?:of\s+)?access\b|\bdireito\s+de\s+acesso\b"
)


@lru_cache(maxsize=4096)
def _respelled(word: str) -> str:
    if word in _VOCABULARY or len(word) < _SHORTEST:
        return word
    key = sound_key(word)
    if key in _BY_SOUND:
        return _BY_SOUND[key]
    slips = 2 if len(word) >= _LONG_WORD else 1
    found = process.extract(key, _SOUNDS, scorer=OSA.distance, score_cutoff=slips, limit=2)
    near = [(sound, distance) for sound, distance, _ in found if sound[0] == key[0]]
    if not near or (len(near) > 1 and near[0][1] == near[1][1]):
        return word
    return _BY_SOUND[near[0][0]]


def normalised(text: str) -> str:
    """The message folded, its words of these requests respelled, one space between words."""
    folded = fold(text).text
    return _WORD.sub(lambda word: _respelled(word[0]), " ".join(folded.split()))


class OfflinePrivacyReader:
    """Implements ``PrivacyReader`` with the patterns above; erasure wins, then rectification."""

    def read(self, text: str) -> PrivacyAsk | None:
        said = normalised(text[:500])
        typed = " ".join(fold(text[:500]).text.split())
        if _ERASURE.search(said) or _ERASURE_EN_PT.search(typed):
            return PrivacyAsk.ERASURE
        if _RECTIFICATION.search(said) or _RECTIFICATION_EN_PT.search(typed):
            return PrivacyAsk.RECTIFICATION
        if _ACCESS.search(said) or _ACCESS_EN_PT.search(typed):
            return PrivacyAsk.ACCESS
        return None
