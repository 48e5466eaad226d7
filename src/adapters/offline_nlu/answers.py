"""Short answers as each country says them: yes, no, thanks and greetings.

"sale" and "va" (Mexico), "de una" (Colombia, Chile), "vale" (Spain), "joya" (Argentina), "nel",
"ni modo", "wena", "q tal": patterns over folded text, read by ``intents``, which weighs them.
"""

from __future__ import annotations

import re

# What may follow a one-word answer and change nothing: "sale pues", "vale, gracias", "paso, gracias".
_TRAILING = (
    r"(?=\W*$|\s*[,.!;]|\s+(?:po|pues|pue|entonces|gracias|porfa|por\s+favor|plis|dale|ok|perfecto|listo"
    r"|sale|vale|va|si|no|che|amigo|amiga)\b)"
)
# "No hay problema" and its regional kin agree; "¡cómo no!" and "¿por qué no?" are a yes.
_NO_PROBLEM = r"hay\s+(?:problema|drama|rollo|lio|bronca|cuidado)\b"
DENY = re.compile(
    # "no sé" and "no se preocupe" refuse nothing; "no se puede" does.
    rf"(?<!como )(?<!por que )\bno\b(?!\s+{_NO_PROBLEM}|\s+se\b(?!\s+(?:puede|podra|podria|pudo)))"
    r"|\bnop(?:e|es|o)?\b|\bnel\b|\bnones\b|\bni\s+modo\b|\bnegativo\b|\bpara\s+nada\b|\btampoco\b"
    r"|\b(?:mejor|prefiero)\s+otr[oa]\s+(?:dia|fecha|hora|horario)\b"
    # On their own only: "paso el lunes" is a visit, "ninguna molestia" a courtesy, "na" a typo.
    rf"|^\W*(?:paso|nah?|ninguna|ninguno|ninguna\s+de\s+(?:esas|esos|las|los)(?:\s+(?:dos|tres))?){_TRAILING}"
)
# Words that agree only on their own or opening a message: "¿cuánto sale?" and "¿cuánto vale?" ask a
# price in Chile and Spain, while "sale" (Mexico) and "vale" (Spain) alone are an "ok"; "va a ser
# para mi hija" is no "va" (Mexico); "de una vez" no "de una" (Colombia, Chile).
_ALONE_YES = (
    r"(?:vale|va|sale|sale\s+y\s+vale|va\s+que\s+va|de\s+una|eso|eso\s+es|eso\s+mismo|hecho|trato\s+hecho"
    r"|cuadrado|sisi|aja|obvi|seguro|sin\s+problema|va\s+pues|normal|ta)"
)
AFFIRM = re.compile(
    # "quería saber si atienden", "¿y si mejor el lunes?": an "if", not a yes.
    r"(?<!saber )(?<!ver )(?<!preguntar )(?<!pregunto )(?<!consultar )(?<!averiguar )(?<!y )\bsi+\b"
    r"|\b(?:si){2,}\b|\bsip\b|\bsipo\b|\bconfirm[a-z]*\b|\bdale\b|\bok(?:a|ay|ey|i|is)?\b"
    r"|\bcorrecto\b|\bde\s+acuerdo\b|\bclaro\b|\blisto\b|\bexacto\b|\bafirmativo\b"
    r"|\b(?:esta|ta)\s+(?:bien|bueno|perfecto)\b|\bme\s+sirve\b|\bme\s+parece\s+(?:bien|perfecto|excelente)\b"
    # "me queda bien", "me acomoda" (Chile), "me late" (Mexico), "me cuadra" (Colombia).
    r"|\bme\s+(?:queda|viene|va)\s+(?:bien|perfecto|super)\b"
    # Not in a question: "no sé qué día me conviene".
    r"|(?<!que )(?<!dia )(?<!hora )(?<!cual )\bme\s+(?:acomoda|conviene|late|cuadra|funciona)\b"
    # "bueno" hesitates as often as it agrees ("bueno, no sé", "bueno, déjame ver"), and "¿bueno?"
    # answers the phone in Mexico: a yes only on its own or with yes-words after it.
    r"|^\W*bueno(?:\W+(?:pues|po|dale|ok|listo|perfecto|esta\s+bien|si|gracias|entonces))*[\s.!,]*$"
    r"|\b(?:orale|andale)\b|\basi\s+es\b"
    rf"|\bpor\s+supuesto\b|\bobvio\b|\bno\s+{_NO_PROBLEM}|\bcomo\s+no\b|\bpor\s+que\s+no\b|\byes\b|👍"
    # "ya" agrees only on its own: "ya no quiero".
    rf"|^\W*ya\W*(?:po|pues)?\W*$|^\W*(?:ya\W+)?{_ALONE_YES}{_TRAILING}"
    # Saying one will be there, to a reminder: "ahí estaré", "allá nos vemos", "cuenten conmigo".
    r"|\b(?:ahi|alla|alli|aca|aqui)\s+(?:estare|estaremos|nos\s+vemos|voy|vamos|llego|llegamos)\b"
    r"|\bcuent(?:en|e|a)\s+conmigo\b|\basistire(?:mos)?\b"
    rf"|^\W*(?:voy|vamos)(?:\s+a\s+ir)?{_TRAILING}"
)
# Praise agrees with what the bot proposed ("perfecto", "genial", "macanudo").
PRAISE = re.compile(
    r"\b(?:perfecto|genial|excelente|bacan|chevere|joya|barbaro|buenisimo|chido|de\s+lujo|maravilloso"
    r"|macanudo|genio|genia|brutal)\b"
)
THANKS = re.compile(
    r"\bmuy\s+amable\b|\bgracia[sz]?\b|\bagradec[a-z]*\b|\bthank[a-z]*\b|\bgrax\b|\bgrcs\b|\bgrs\b|\bthx\b"
    r"|\bdios\s+(?:te|le|les)\s+(?:pague|bendiga)\b"
)
# "buen día" (Argentina), "q tal", "qué onda" and "quiubo" (Mexico, Colombia), "wena" (Chile).
GREET = re.compile(
    r"\bhol[ai][a-z]*\b|\bbuen(?:os|as)?\s+(?:dias?|tardes?|noches?)\b|\bbuenas\b|\bsaludos\b"
    r"|\bhey\b|\b(?:que|q|k|ke)\s+(?:tal|onda|hubo|hubole)\b|\bquiubo\b|\bwena[s]?\b|\bepa\b"
    r"|\balo\b|\bhello\b"
)
