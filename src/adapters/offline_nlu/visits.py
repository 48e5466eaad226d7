"""Words about an appointment already booked: moving it, dropping it, not going, asking when it is.

"cambiar mi turno" (Argentina), "correrme la cita", "no voy a poder ir", "desagendar", "¿a qué hora
es mi cita?": patterns over folded text, read by ``intents``, which decides what they mean.
"""

from __future__ import annotations

import re

# An appointment as each country calls it ("cita", "hora" in Chile, "turno" in Argentina, "visita",
# "sesión"), after an optional article: "dar de baja el turno", "borrar mi cita".
APPOINTMENT_NOUN = r"(?:cita|hora|horita|turno|reserva|consulta|visita|sesion)s?\b"
THE = r"(?:(?:mi|mis|la|las|el|los|esa|esta|ese|este|su)\s+)"
# Words for an appointment, as patients write them.
_APPOINTMENT = (
    r"(?:cita|hora|horita|turno|reserva|consulta|control|limpieza|evaluacion|visita|sesion)(?:s|es)?"
)
# Forms of the verbs that move something, spelt out: a bare stem would take "correo", "correcto",
# "móvil" or "pagué por adelantado". Alone they move nothing ("salir a correr"), so they count
# only with an appointment, a day, a target or a pronoun standing for the appointment.
_MOVE = (
    r"(?:cambi|mov|muev|corr|traslad|adelant|atras)"
    r"(?:ar|er|a|as|e|es|en|an|o|amos|emos|ando|iendo|aria|arian|ariamos)"
)
_CAN = (
    r"(?:puedo|podemos|pueden|puede|podria|podrian|podriamos|pudieran|quiero|quisiera|necesito"
    r"|vamos\s+a|van\s+a)"
)
# Days and times the appointment may be moved by.
_WHEN = r"(?:dias?|fechas?|horarios?)"
RESCHEDULE = re.compile(
    # Verbs that only ever mean moving an appointment.
    r"\b(?:reagend|re\s+agend|reprogram|posterg|pospon|pospus|aplaz)[a-z]*\b"
    # "cambiar mi cita", "mover la hora", "cambiar de día", "cambiar el día de mi cita".
    rf"|\b{_MOVE}\s+(?:(?:de|del|mi|la|el|esta|esa|este|ese|su|otra|proxima)\s+){{0,3}}"
    rf"(?:{_APPOINTMENT}|{_WHEN})\b"
    # "pasar" moves a thing only when the thing is named: "¿qué pasa?", "pasarlo bien".
    rf"|\bpas(?:ar|a|e|en|amos|emos)\s+(?:mi|la)\s+{_APPOINTMENT}\b"
    # "cámbiala", "moverla", "cámbiamela": the pronoun stands for the appointment.
    rf"|\b{_MOVE}(?:me|nos|se)?(?:la|lo)s?\b"
    # "¿la podemos cambiar?", "me la pueden mover".
    rf"|\b(?:(?:me|nos|se)\s+)?(?:la|lo)\s+(?:{_CAN}\s+)?{_MOVE}\b"
    # "¿puedo cambiar para el viernes?", "cambiar a las 5", "¿se puede cambiar?".
    rf"|\b{_MOVE}\s+(?:para|al|a\s+las|a\s+la\s+una|a\s+otr[oa])\b"
    r"|\bse\s+(?:puede|podria)\s+(?:cambiar|mover|correr|adelantar|atrasar)(?=\s*(?:$|[?.!,]))"
    # "correrme la cita", "cambiarme el turno": the patient's own appointment, named after the verb.
    rf"|\b{_MOVE}(?:me|nos|le)\s+{THE}?{APPOINTMENT_NOUN}"
    # "pasar" moves only a thing named or stood for: "me la pasan para el viernes", "pasarla al lunes".
    rf"|\b(?:me|nos|se)\s+(?:la|lo)\s+(?:{_CAN}\s+)?pas(?:ar|an|a|as|e|en|aria|arian)\b"
    r"|\bpas(?:ar|a|e|en|ame|enme|eme)(?:me|nos)?(?:la|lo)\s+(?:para|al|a)\b"
    # "otro día para mi cita", "otra hora para mi turno".
    rf"|\botr[oa]\s+(?:dia|fecha|hora|horario)\s+para\s+(?:mi|la|el)\s+{APPOINTMENT_NOUN}"
    # "¿puedo ir otro día?": going another day moves the visit.
    r"|\b(?:puedo|podemos|podria|quiero|prefiero|quisiera)\s+(?:ir|venir|asistir|pasar)\s+(?:otro\s+dia|otra\s+fecha)\b"
)
# "No quiero cambiarla" keeps the appointment where it is.
NEGATED_BEFORE = re.compile(rf"\bno\s+(?:(?:me|la|lo|se)\s+)*(?:{_CAN}\s+)?(?:(?:la|lo)\s+)?$")
# An appointment already booked, named so while another booking is in progress.
BOOKED = re.compile(
    rf"\b{_APPOINTMENT}\s+(?:que\s+(?:ya\s+)?ten(?:go|ia|emos)"
    r"|(?:ya\s+)?(?:agendad|reservad|confirmad)[ao]s?)\b"
    rf"|\b(?:mi|la)\s+otra\s+{_APPOINTMENT}|\bmi\s+{_APPOINTMENT}\s+anterior\b"
)
# Where the booked appointment is now, in "cambiar mi cita del lunes para el viernes": the words
# after the appointment up to the new day's "para"/"al"/"a", or the clause's end.
MOVED_FROM = re.compile(
    rf"\b{_APPOINTMENT}\s+(?P<from>(?:que\s+(?:ya\s+)?ten(?:go|ia|emos)\s+(?:para\s+)?"
    r"|(?:agendad|reservad)[ao]s?\s+(?:para\s+)?|del?\s+)"
    r"(?:(?!\b(?:para|al|a|por|hacia)\b)[^,;!?¿¡\n])*)"
)

_QUESTION = (
    r"(?:cuando|para\s+cuando|que\s+dia|que\s+fecha|en\s+que\s+fecha|a\s+que\s+hora|que\s+hora"
    r"|con\s+quien|con\s+que\s+(?:doctor|doctora|dentista))"
)
# What ties a question to the patient's own appointment: "es", "tengo", "me toca", "me agendaron".
_ABOUT_IT = (
    r"(?:es|era|sera|seria|fue|queda|quedo|quedaba|esta|estaba|tengo|tenia|tendre|me\s+toca|me\s+tocaba"
    r"|me\s+dieron|me\s+dio|me\s+agendaron|me\s+reservaron|agende|reserve|quede)"
)
# "¿cuándo es la próxima hora disponible?" asks for a free time, not about one's own.
_FREE = r"(?!\s+(?:disponible|libre|mas\s+(?:cercana|pronta|proxima)|que\s+(?:tengan|tienen|haya|hay))\b)"
_REMIND = (
    r"(?:recuerd(?:ame|eme|enme|a|e|as|o|an)|record(?:ar|arme|arias|aria|arian|atorio\s+de)"
    r"|(?:me\s+)?acuerdo\s+de|acordarme\s+de|te\s+acuerdas\s+de|se\s+acuerda\s+de)"
)
MY_APPOINTMENTS = re.compile(
    # "¿a qué hora es mi cita?", "cuándo es mi próxima hora", "con quién es mi hora", "cuál es mi hora".
    rf"\b(?:{_QUESTION}|cual)\s+(?:{_ABOUT_IT}\s+)?mis?\s+(?:(?:proxima|siguiente)\s+)?{_APPOINTMENT}\b"
    # "¿a qué hora es la cita?", "qué día tengo hora": without "mi" a verb must tie it to the
    # patient, or "¿a qué hora atienden la consulta?" would be about their appointment too.
    rf"|\b{_QUESTION}\s+{_ABOUT_IT}\s+(?:(?:la|las|el|una|alguna|algun)\s+)?{_APPOINTMENT}\b{_FREE}"
    r"|\b(?:cuando|que\s+dia|a\s+que\s+hora|que\s+hora|con\s+quien)\s+me\s+toca\b"
    # "tengo hora agendada?", "¿estoy agendada?", "tengo alguna cita?".
    rf"|\b(?:tengo|tenia|tenemos)\s+(?:(?:una|la|mi|mis|alguna|algun)\s+)?{_APPOINTMENT}"
    r"\s+(?:agendad|reservad|pedid|tomad|confirmad)[ao]s?\b"
    rf"|\b(?:tengo|tenemos)\s+(?:alguna|algun)\s+{_APPOINTMENT}\b"
    r"|\b(?:estoy|estamos|quede|quedo)\s+(?:agendad|reservad|inscrit|anotad)[ao]s?\b"
    # "¿tengo hora mañana?": a plain "tengo hora" asks only with a question mark in the same clause.
    rf"|\b(?:tengo|tenemos)\s+(?:(?:una|la|mi)\s+)?{_APPOINTMENT}\b[^,;.!?¿¡\n]*\?"
    rf"|\bmis\s+(?:(?:proximas|siguientes)\s+)?{_APPOINTMENT}\b"
    rf"|\b{_REMIND}\s+(?:(?:cuando|a\s+que\s+hora|que\s+dia)\s+(?:es|era)\s+)?(?:mi|la)\s+{_APPOINTMENT}\b"
    rf"|\b(?:ver|revisar|consultar|saber|averiguar)\s+(?:mi|mis)\s+{_APPOINTMENT}\b"
    rf"|^\W*(?:y\s+)?mi\s+(?:(?:proxima|siguiente)\s+)?{_APPOINTMENT}\W*$"
    # "¿sigue en pie mi cita?", "¿está confirmado mi turno?", "¿me confirmas mi cita?" ("confirmo mi
    # hora" is a yes: the patient confirms, not asks).
    rf"|\b(?:sigue|siguen|esta|estan|queda|quedo)\s+(?:en\s+pie|vigentes?|confirmad[ao]s?|activ[ao]s?)"
    rf"\s+(?:mi|mis|la|el)\s+{_APPOINTMENT}\b"
    rf"|\bmis?\s+{_APPOINTMENT}\s+(?:sigue|siguen|esta|estan|queda|quedo)\s+(?:en\s+pie|vigentes?|confirmad[ao]s?)"
    rf"|\bme\s+(?:confirmaron|agendaron|reservaron|anotaron)\s+(?:la|el|mi)\s+{_APPOINTMENT}\b"
    rf"|\bme\s+(?:(?:puede|pueden|podria|podrian|puedes|podrias)\s+)?confirm(?:as|a|an|e|en|ar|aria|arian)"
    rf"\s+(?:mi|mis)\s+{_APPOINTMENT}\b"
)
CANCEL = re.compile(
    r"\bcancel[a-z]*\b|\banul[a-z]*\b|\bya\s+no\s+(?:quiero|necesito|voy)\b"
    r"|\bolvid(?:alo|elo|emoslo|a\s+lo)\b"
    r"|\bno\s+(?:quiero|necesito)\s+(?:(?:la|el|una|un|mi|esa|esta)\s+)?"
    r"(?:cita|hora|turno|reserva|consulta)\b"
    # "no la quiero cambiar" keeps it: a verb after "quiero" says what is not wanted.
    r"|\bno\s+(?:la|lo)\s+(?:quiero|necesito)\b(?!\s+[a-z]+(?:ar|er|ir)\b)|\bdesisto\b"
    # "desagendar", "dar de baja el turno" (Argentina), "borrar mi cita", "suspender la consulta".
    r"|\bdes(?:agend|reserv)[a-z]*\b"
    rf"|\bde\s+baja\s+{THE}?{APPOINTMENT_NOUN}"
    r"|\b(?:borr(?:ar|a|e|en|o)|elimin(?:ar|a|e|en|o)|quit(?:ar|a|e|en|o)|suspend(?:er|a|e|an|en|o))(?:me|nos)?"
    rf"\s+{THE}?{APPOINTMENT_NOUN}"
)
# Not going to a visit: "no voy a poder ir", "no puedo asistir", "no podré llegar a mi turno". About
# an appointment booked (CANCEL) only when no booking is in progress or one is named ("mi cita"):
# while times are being offered, "no puedo ir el lunes" refuses Monday.
_MISS = (
    r"(?:\bno\s+(?:(?:voy|vamos|va)\s+a\s+(?:poder\s+)?|(?:puedo|podemos|puede|podre|podremos|podra|podria)\s+)"
    # Arriving late is no absence: "no voy a llegar a tiempo", "no puedo llegar antes de las 5".
    r"(?:ir|asistir|llegar(?!\s+(?:a\s+tiempo|temprano|puntual|antes|a\s+las|tan))|acudir|presentarme|concurrir"
    # Not bringing the patient: "no voy a poder llevar a mi hijo", "no la puedo traer".
    r"|(?:llevar|traer)(?:lo|la|los|las)?\s+a)\b"
    r"|\bno\s+(?:alcanzo|alcanzamos|alcanzare|alcanzaria|llego|llegare|llegaria)\s+a\s+(?:ir|llegar|la\s+hora)\b)"
)
CANT_GO = re.compile(_MISS)
CANT_GO_TO_IT = re.compile(rf"{_MISS}(?:\s+(?:a|al))?\s+(?:mi|mis|la|el)\s+{APPOINTMENT_NOUN}")
