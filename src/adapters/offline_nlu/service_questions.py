"""What a patient asks about a service, in so many words: its price, its length, how to prepare.

"¿cuánto sale la limpieza?" (Chile), "¿a cómo está?" (Mexico, Colombia), "¿qué vale?" (Spain),
"¿cuánto dura?", "¿tengo que ir en ayunas?": patterns over folded text, read by ``services``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from adapters.offline_nlu.text import Span
from domain.understanding import ServiceQuestion

# Questions about a service, in so many words: they ask with or without a service named.
_CUANTO = r"\bcuanto\s+(?:(?:me|nos|le|les|te|se|lo|la)\s+)*"
_NOT_WAITING = r"(?!\s+(?:en|para)\s+(?:llegar|responder|contestar|atender|confirmar|agendar|dar))"
_PRICE_NOUN = r"(?:precios?|valor(?:es)?|costos?|costes?|tarifas?|aranceles?)"
# Each with the word pieces it cannot match without, checked first: most messages ask nothing.
_Asking = tuple[ServiceQuestion, tuple[str, ...], re.Pattern[str]]
_PRICE_PIECES = ("precio", "valor", "cost", "tarifa", "arancel")
ASKED: tuple[_Asking, ...] = (
    (
        ServiceQuestion.PRICE,
        ("cuant", "como", "que vale", "que cuesta", *_PRICE_PIECES),
        re.compile(
            # "¿cuánto sale?", "cuanto vale", "¿cuánto me cobran por...?", "¿a cuánto está?";
            # "cuánto antes" or "cuánto tiempo" ask something else.
            rf"{_CUANTO}(?:sale|salen|saldria|saldrian|cuesta|cuestan|costaria|costarian|vale|valen"
            r"|valdria|cobran|cobra|cobrarian|cobraria|pago|pagaria|se\s+paga|pagan|esta|estan"
            r"|(?:tengo|tendria|hay|habria)\s+que\s+pagar|(?:va|van)\s+a\s+(?:salir|costar|cobrar)"
            r"|(?:es|seria|sera|son|serian)(?!\s+(?:el\s+|la\s+)?(?:tiempo|rato|demora|duracion)\b))\b"
            # "¿a cómo está?" (Mexico, Colombia), "¿qué vale?" (Spain), "¿cuánta plata es?", "¿cuánta lana?".
            r"|\ba\s+como\s+(?:esta|estan|sale|salen|queda|quedan)\b|\bque\s+(?:vale|valen|cuesta|cuestan)\b"
            r"|\bcuant[ao]s?\s+(?:plata|lana|guita|pasta|dinero|lucas|billete)\b"
            # "precios", "¿qué valor tiene?", "el costo de la limpieza".
            rf"|\b{_PRICE_NOUN}\b"
        ),
    ),
    (
        ServiceQuestion.DURATION,
        ("cuant", "dura", "demora", "tarda", "larg"),  # "dura" in "duracion" too
        re.compile(
            # "¿es muy larga la limpieza?", "¿es demorosa?"
            r"\b(?:es|sera|seria)\s+(?:muy\s+|mas\s+o\s+menos\s+)?(?:larg[ao]|demoros[ao])\b|"
            rf"{_CUANTO}(?:dura|duran|duraria|durara|demora|demoran|demoraria|tarda|tardan|tardaria"
            rf"|toma|se\s+demora|se\s+tarda|(?:es|seria|son)\s+(?:el\s+|la\s+)?(?:tiempo|rato|demora|duracion))\b"
            rf"{_NOT_WAITING}"
            # "¿cuánto tiempo es?"; not "¿cuánto tiempo antes llego?" nor "¿en cuánto tiempo me atienden?".
            r"|(?<!en )\bcuanto\s+(?:tiempo|rato)\b"
            r"(?!\s+(?:antes|despues|de\s+anticipacion|con\s+anticipacion|de\s+espera|falta"
            r"|(?:hay|tengo|tendria)\s+que\s+esperar|espero))"
            r"|\bcuant(?:os|as)\s+(?:minutos|horas)\s+(?:(?:me|se)\s+)?"
            r"(?:dura|duran|demora|demoran|tarda|tardan|toma|es|son|seria|serian)\b"
            # "¿dura mucho?", "¿se demora harto?"
            r"|\b(?:dura|duran|demora|demoran|tarda|tardan)\s+(?:mucho|poco|harto|bastante|mas\s+de|menos\s+de)\b"
            rf"{_NOT_WAITING}"
            r"|\bduracion\b"
        ),
    ),
    (
        ServiceQuestion.PREPARATION,
        (
            *("ayun", "comer", "desayun", "almorz", "cenar", "beber", "tomar", "llev", "prepar"),
            *("indicacion", "recomendacion", "requisito", "dientes"),
        ),
        re.compile(
            r"\b(?:en\s+)?ayun(?:as?|o|ar|ando)\b"
            # "¿puedo comer antes?", "¿puedo tomar agua?"; "¿puedo tomar hora?" books, and what may
            # be eaten after the visit is not how to prepare for it.
            r"|\b(?:puedo|podemos|se\s+puede|debo|tengo\s+que|hay\s+que|necesito|es\s+necesario)\s+"
            r"(?:no\s+)?(?:comer|desayunar|almorzar|cenar|beber|tomar\s+(?:agua|cafe|desayuno|once|algo"
            r"|alcohol|(?:mis\s+|los\s+)?(?:remedios|medicamentos|pastillas)))\b(?![^,.;!?]*\bdespues\b)"
            r"|\bcomer\s+antes\b"
            # "¿qué tengo que llevar?", "¿qué llevo?", "¿tengo que llevar algo?"
            r"|(?<!tengo )(?<!tenemos )(?<!hay )\bque\s+(?:(?:tengo|tenemos|hay)\s+que\s+|debo\s+|debemos\s+"
            r"|necesito\s+)?llev(?:ar|o|amos)\b"
            r"|\b(?:(?:tengo|tenemos|hay)\s+que|debo|debemos|necesito)\s+llevar\s+(?:algo|algun[ao]?|nada"
            r"|(?:los\s+|mis\s+)?(?:examenes|radiografias|documentos|carnet|cedula|receta))\b"
            r"|\bllevo\s+algo\b"
            # "¿hay que prepararse?", "¿necesito alguna preparación?", "¿cómo me preparo?"
            r"|\bprepar(?:arse|arme|arnos|arlo|arla|acion|aciones|ativos?|ativas?|o)\b"
            r"|\b(?:indicaciones?|recomendaciones?|requisitos?)\s+(?:previ[ao]s?|antes)\b|\brequisitos?\b"
            r"|\b(?:lavar(?:me|se)?|lavo|cepillar(?:me|se)?|cepillo)\s+(?:los\s+)?dientes\s+antes\b"
        ),
    ),
)
# Words that ask only beside a service named: "¿es gratis la evaluación?", "¿y el blanqueamiento cuánto?".
BESIDE_A_SERVICE: tuple[_Asking, ...] = (
    (
        ServiceQuestion.PRICE,
        ("gratis", "gratuit", "cobr", "cuant"),
        re.compile(
            r"\bgratis\b|\bgratuit[ao]s?\b|\b(?:se\s+)?cobr(?:an|a)\b"
            r"|\bcuanto\s+(?:por|la|el|los|las|un|una)\b|\bcuanto\b(?=\s*(?:[?!.]|$))"
        ),
    ),
    (
        ServiceQuestion.PREPARATION,
        ("indicacion",),  # alone, "indicaciones para llegar" are directions
        re.compile(r"\bindicaciones?\b"),
    ),
    # "quería información del blanqueamiento", "informes para ponerme brackets" (Mexico), "¿de qué
    # se trata la limpieza?": what it costs and how long it takes is the answer a service has.
    (
        ServiceQuestion.PRICE,
        ("inform", "info", "detalle", "trata", "que es", "incluye"),
        re.compile(
            r"\binform(?:acion|aciones|es|e)\b|\binfo\b|\bdetalles\b|\bde\s+que\s+se\s+trata\b"
            r"|\bque\s+(?:es|incluye)\b"
        ),
    ),
)


@dataclass(frozen=True, slots=True)
class Question:
    """One question asked and where (in the folded text)."""

    asks: ServiceQuestion
    span: Span


def questions(text: str, patterns: tuple[_Asking, ...]) -> list[Question]:
    """Every question of ``patterns`` a folded message asks, skipping a pattern whose pieces it lacks."""
    return [
        Question(asks, found.span())
        for asks, pieces, pattern in patterns
        if any(piece in text for piece in pieces)
        for found in pattern.finditer(text)
    ]
