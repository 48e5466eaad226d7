"""Which words of a message the offline reader has no use for: what a model might read more in.

A message whose every word is one the reader knows (its calendar and booking vocabulary, the
everyday words around them in every country, the clinic's doctors and services, the name and
the relative it read) says nothing the reader could have missed: "ocupo una cita pa mañana en
la tarde porfa", "¿tenés turno el viernes a las 15?". A word outside all of those ("¿atienden
Fonasa?", "después del colegio") is one the model may understand and the reader cannot.

Words that bend the meaning of the rest ("antes de las 10", "no", "mejor", "otro") are left out
on purpose: a message with one is not taken as read.
"""

from __future__ import annotations

from collections.abc import Iterable

from adapters.offline_nlu.calendar_words import MONTHS, WEEKDAYS
from adapters.offline_nlu.numbers import SINGLE_NUMBER_WORDS
from adapters.offline_nlu.spelling import VOCABULARY
from adapters.offline_nlu.text import unaccented
from domain.people import RELATIVES, SELF

# Folded (lowercase, no accents). Articles, prepositions, pronouns and the verbs of asking.
_GRAMMAR = """
    a al el la lo los las un una unos unas de del en con para pa pal por y e o u que q
    me te se le les nos mi mis tu tus su sus yo vos usted ustedes ella el ellos
    es son soy sera seria esta estan este esta eso esa ese
    quiero quisiera queria queriamos quisieramos necesito necesitaria necesitamos ocupo ocupamos
    kiero quero keria
    tiene tienen tenes teneis tienes tendra tendran tendria habra hay habria
    puede pueden podes podeis puedes podria podrian podrias
    da das dan dar dame deme denme regala regalan regalas regalaria
    agendar agenda agendame agendarme agendeme agendarle sacar saco sacarme pedir pido reservar
    reservame reservarme separar separame apartar apartame coger programar hacer
    cita citas turno turnos hora horas consulta consultas atencion hueco huecos lugar espacio
    disponible disponibles libre libres algo alguna alguno
    ir voy vamos venir vengo atender atiende atienden atenderme
"""
# Greetings, courtesy and the everyday words of each country that carry no booking detail.
_COURTESY = """
    hola holi ola buenas buenos buen dia dias tardes noches saludos
    porfa porfis plis please favor xfa fa gracias muchas mil
    si sip sii ok okey okay oki vale dale va sale orale andale listo perfecto genial bueno bien
    claro obvio chevere bacan de una nomas pues che ya po pe oye mira este
    ahorita ahora al toque tiro
    alas
    doctor doctora dr dra doc dentista
"""
# Words that bend a time or a day around them ("antes de las 10", "después del almuerzo" when the
# reader knows only some of their uses): never taken as read, though the vocabulary has them.
_BENDING = frozenset({"antes", "despues", "desde", "hasta", "entre", "tipo", "como", "cualquier", "luego"})
_KNOWN = (
    frozenset(
        {
            *_GRAMMAR.split(),
            *_COURTESY.split(),
            *VOCABULARY,
            *WEEKDAYS,
            *MONTHS,
            *SINGLE_NUMBER_WORDS,
            *(unaccented(word) for word in RELATIVES),
            SELF,
        }
    )
    - _BENDING
)


def unread(words: Iterable[str], also_known: frozenset[str] = frozenset()) -> list[str]:
    """The words (folded) neither the reader's vocabulary nor ``also_known`` accounts for;
    numbers ("10", "4:30", "7/1") are the readers' own."""
    return [
        word
        for word in words
        if word not in _KNOWN and word not in also_known and not any(ch.isdigit() for ch in word)
    ]
