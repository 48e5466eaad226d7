"""What the patient wants to do, from the words that say it (no details: those are read elsewhere)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from adapters.offline_nlu.text import Span, clause_bounds
from domain.understanding import Intent

# What a clinic sends that a patient may want to stop or start again.
_MESSAGES = (
    r"(?:mensajes?|notificaciones?|recordatorios?|avisos?|promociones?|publicidad|whatsapps?|wsps?"
    r"|wasaps?|sms|correos?|comunicaciones?|invitaciones?)"
)
# An appointment as each country calls it ("cita", "hora" in Chile, "turno" in Argentina), after an
# optional article: "dar de baja el turno", "borrar mi cita".
_APPOINTMENT_NOUN = r"(?:cita|hora|horita|turno|reserva|consulta)s?\b"
_THE = r"(?:(?:mi|mis|la|las|el|los|esa|esta|ese|este|su)\s+)"
# Courtesy around a one-word command: "BAJA por favor" is still only "BAJA".
_COURTESY = r"(?:\W+(?:por\s+favor|porfa(?:vor)?|plis|please|pls|gracias|ahora|ya))*"
_GREETING = r"(?:(?:hola|buenas|buenos\s+dias|buenas\s+tardes)\W+)?"
# Keywords such as BAJA, STOP and ALTA carry the opt-out or opt-in only when they are (nearly) the
# whole message: inside a sentence they are ordinary words ("tengo la presión baja", "presión alta").
_OPT_OUT_WORD = re.compile(
    rf"^\W*{_GREETING}(?:baja|stop|alto|unsubscribe|desuscribir(?:me)?){_COURTESY}\W*$"
)
_OPT_IN_WORD = re.compile(rf"^\W*{_GREETING}(?:alta|start|unstop|suscribir(?:me)?){_COURTESY}\W*$")
# These phrases say it anywhere in a message.
_OPT_OUT = re.compile(
    # "dar de baja el turno" (Argentina) cancels an appointment, not the messages.
    rf"\b(?:dar(?:me|nos)?|dame|deme|denme|dadme|doy)\s+de\s+baja\b(?!\s+{_THE}?{_APPOINTMENT_NOUN})"
    r"|\b(?:quiero|quisiera|pido|solicito|deseo)\s+(?:la|mi)\s+baja\b(?!\s+(?:medica|laboral))"
    r"|\bdes(?:u|in)scri[a-z]*\b|\bunsubscribe\b"
    r"|\b(?:cancelar|anular|terminar|quitar|eliminar)\s+(?:mi\s+|la\s+)?suscripcion\b"
    rf"|\bno\s+(?:quiero|quisiera|deseo|necesito|me\s+interesa)\s+(?:seguir\s+|volver\s+a\s+)?"
    rf"recibi(?:r|endo)\s+(?:mas\b|nada\b|(?:(?:mas|sus|estos|esos|los|tus|ningun|ninguna)\s+)*{_MESSAGES})"
    rf"|\bno\s+(?:quiero|quisiera|deseo)\s+(?:mas\s+)?{_MESSAGES}\b"
    r"|\bno\s+(?:quiero|quisiera|deseo)\s+que\s+me\s+(?:sigan\s+|vuelvan\s+a\s+)?"
    r"(?:escrib|mand|envi|contact|molest)[a-z]*"
    # Only commands ("no me manden"): "no me mandaron mensajes" is a complaint, not an opt-out.
    rf"|\bno\s+(?:me|nos)\s+(?:mand(?:en|e|es)|envi(?:en|e|es)|escrib(?:an|a|as)|contact(?:en|e|es)"
    rf"|molest(?:en|e|es))\s+(?:mas\b|nada\b|(?:(?:mas|sus|estos|esos|los|tus)\s+)?{_MESSAGES})"
    r"|\bno\s+(?:me|nos)\s+(?:sig(?:an|a|as)|vuelv(?:an|a|as)\s+a)\s+"
    r"(?:mand|envi|escrib|contact|molest)[a-z]*"
    # "dejé de recibir mensajes" is a complaint, so "recibir" needs a wish in front.
    r"|\bdej(?:en|e|a|es|ar)\s+de\s+(?:escribir|enviar|mandar|contactar|molestar)[a-z]*"
    r"|\b(?:quiero|quisiera|deseo|necesito)\s+dejar\s+de\s+recibir\b"
    r"|\b(?:sac|saqu|borr|elimin|quit)[a-z]*\s+de\s+(?:la|las|su|sus|esta|esa|vuestra)?\s*"
    r"(?:lista|base\s+de\s+datos|difusion|contactos)\b(?!\s+de\s+espera)"
    # "borren mi número", "basta de mensajes", "paren de escribirme", "no más mensajes", "no envíen más".
    r"|\b(?:borr|elimin|quit)(?:en|e|a)\s+(?:mi|el)\s+(?:numero|telefono|celular|contacto)\b"
    rf"|\b(?:basta|suficiente)\s+de\s+{_MESSAGES}|\bno\s+mas\s+{_MESSAGES}"
    r"|\bpar(?:en|e|ar)\s+de\s+(?:escribir|enviar|mandar|contactar|molestar)[a-z]*"
    r"|\bno\s+(?:envien|manden|escriban)\s+(?:mas|nada)\b"
)
# "me dieron de alta" and "el alta médica" are a discharge from treatment, not a subscription.
_OPT_IN = re.compile(
    r"\b(?:dar(?:me|nos)?|dame|deme|denme|doy)\s+de\s+alta\b"
    r"(?!\s+(?:medica|odontologica|del?\s+(?:tratamiento|ortodoncia|la\s+ortodoncia)))"
    rf"|\bvolver\s+a\s+recibir\b|\bseguir\s+recibiendo\s+(?:(?:sus|los|tus)\s+)?{_MESSAGES}"
    rf"|\b(?:quiero|quisiera|deseo)\s+recibir\s+(?:(?:sus|los|tus|de\s+nuevo)\s+)?{_MESSAGES}"
    rf"|\b(?:re)?activ(?:ar|en|a|e)\s+(?:(?:los|las|mis|sus)\s+)?{_MESSAGES}"
    rf"|\bvolver\s+a\s+(?:mandar|enviar)(?:me|nos)?\s+(?:(?:los|las|sus)\s+)?{_MESSAGES}"
)

# Words for an appointment, as patients write them.
_APPOINTMENT = r"(?:cita|hora|horita|turno|reserva|consulta|control|limpieza|evaluacion)s?"
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
_RESCHEDULE = re.compile(
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
    rf"|\b{_MOVE}(?:me|nos|le)\s+{_THE}?{_APPOINTMENT_NOUN}"
    # "pasar" moves only a thing named or stood for: "me la pasan para el viernes", "pasarla al lunes".
    rf"|\b(?:me|nos|se)\s+(?:la|lo)\s+(?:{_CAN}\s+)?pas(?:ar|an|a|as|e|en|aria|arian)\b"
    r"|\bpas(?:ar|a|e|en|ame|enme|eme)(?:me|nos)?(?:la|lo)\s+(?:para|al|a)\b"
    # "otro día para mi cita", "otra hora para mi turno".
    rf"|\botr[oa]\s+(?:dia|fecha|hora|horario)\s+para\s+(?:mi|la|el)\s+{_APPOINTMENT_NOUN}"
    # "¿puedo ir otro día?": going another day moves the visit.
    r"|\b(?:puedo|podemos|podria|quiero|prefiero|quisiera)\s+(?:ir|venir|asistir|pasar)\s+(?:otro\s+dia|otra\s+fecha)\b"
)
# "No quiero cambiarla" keeps the appointment where it is.
_NEGATED_BEFORE = re.compile(rf"\bno\s+(?:(?:me|la|lo|se)\s+)*(?:{_CAN}\s+)?(?:(?:la|lo)\s+)?$")
# An appointment already booked, named so while another booking is in progress.
_BOOKED = re.compile(
    rf"\b{_APPOINTMENT}\s+(?:que\s+(?:ya\s+)?ten(?:go|ia|emos)"
    r"|(?:ya\s+)?(?:agendad|reservad|confirmad)[ao]s?)\b"
    rf"|\b(?:mi|la)\s+otra\s+{_APPOINTMENT}|\bmi\s+{_APPOINTMENT}\s+anterior\b"
)
# Where the booked appointment is now, in "cambiar mi cita del lunes para el viernes": the words
# after the appointment up to the new day's "para"/"al"/"a", or the clause's end.
_MOVED_FROM = re.compile(
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
_MY_APPOINTMENTS = re.compile(
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

_RESET = re.compile(
    r"\b(?:empezar|empecemos|empiezo|empezamos|comenzar|comencemos|comienzo|iniciar|partir|partamos"
    r"|arrancar|arranquemos|arranco)"
    r"\s+(?:de\s+nuevo|otra\s+vez|de\s+cero|desde\s+cero|desde\s+el\s+(?:principio|inicio|comienzo))\b"
    r"|\b(?:volver|volvamos|vuelvo)\s+a\s+(?:empezar|comenzar|iniciar|partir|arrancar)\b"
    # "volvamos al inicio", "volver al menú", "menú" alone.
    r"|\b(?:volver|volvamos|vuelvo|ir)\s+al\s+(?:inicio|principio|menu)\b|^\W*menu(?:\s+principal)?\W*$"
    r"|\breinici[a-z]*\b|\breset[a-z]*\b|\bdesde\s+cero\b"
)
_CANCEL = re.compile(
    r"\bcancel[a-z]*\b|\banul[a-z]*\b|\bya\s+no\s+(?:quiero|necesito|voy)\b"
    r"|\bolvid(?:alo|elo|emoslo|a\s+lo)\b"
    r"|\bno\s+(?:quiero|necesito)\s+(?:(?:la|el|una|un|mi|esa|esta)\s+)?"
    r"(?:cita|hora|turno|reserva|consulta)\b"
    # "no la quiero cambiar" keeps it: a verb after "quiero" says what is not wanted.
    r"|\bno\s+(?:la|lo)\s+(?:quiero|necesito)\b(?!\s+[a-z]+(?:ar|er|ir)\b)|\bdesisto\b"
    # "desagendar", "dar de baja el turno" (Argentina), "borrar mi cita", "suspender la consulta".
    r"|\bdes(?:agend|reserv)[a-z]*\b"
    rf"|\bde\s+baja\s+{_THE}?{_APPOINTMENT_NOUN}"
    r"|\b(?:borr(?:ar|a|e|en|o)|elimin(?:ar|a|e|en|o)|quit(?:ar|a|e|en|o)|suspend(?:er|a|e|an|en|o))(?:me|nos)?"
    rf"\s+{_THE}?{_APPOINTMENT_NOUN}"
)
# Not going to a visit: "no voy a poder ir", "no puedo asistir", "no podré llegar a mi turno". About
# an appointment booked (CANCEL) only when no booking is in progress or one is named ("mi cita"):
# while times are being offered, "no puedo ir el lunes" refuses Monday.
_MISS = (
    r"(?:\bno\s+(?:(?:voy|vamos|va)\s+a\s+(?:poder\s+)?|(?:puedo|podemos|puede|podre|podremos|podra|podria)\s+)"
    # Arriving late is no absence: "no voy a llegar a tiempo", "no puedo llegar antes de las 5".
    r"(?:ir|asistir|llegar(?!\s+(?:a\s+tiempo|temprano|puntual|antes|a\s+las|tan))|acudir|presentarme|concurrir)\b"
    r"|\bno\s+(?:alcanzo|alcanzamos|alcanzare|alcanzaria|llego|llegare|llegaria)\s+a\s+(?:ir|llegar|la\s+hora)\b)"
)
_CANT_GO = re.compile(_MISS)
_CANT_GO_TO_IT = re.compile(rf"{_MISS}(?:\s+(?:a|al))?\s+(?:mi|mis|la|el)\s+{_APPOINTMENT_NOUN}")
# Who at the clinic a patient may ask for. Counted after "con", "quiero", or alone ("un asesor",
# "recepción por favor"): "la secretaria me dijo que escribiera" asks for nobody.
_STAFF = (
    r"(?:recepcion(?:ista)?|secretari[ao]s?|operador[a]?|ejecutiv[oa]|agente|asesor(?:a|es)?"
    r"|atencion\s+al\s+cliente|encargad[oa])\b"
)
_HANDOFF = re.compile(
    r"\bhablar\s+con\b|\bcomunicar(?:me|se)?\s+con\b|\bcon\s+(?:una\s+|alguna\s+|otra\s+)?persona\b"
    r"|\bpersona\s+real\b|\bcon\s+alguien\b|\bhuman[oa]s?\b"
    r"|(?:\bcon\s+|\b(?:quiero|necesito|busco|ocupo)\s+(?:a\s+)?)"
    rf"(?:(?:el|la|los|las|un|una|al|algun|alguna|su)\s+)?{_STAFF}"
    # Alone: "un asesor", "recepción por favor"; "la recepcionista fue muy amable" asks for nobody.
    rf"|^\W*(?:(?:hola|buenas)\W+)?(?:(?:el|la|un|una|algun|alguna)\s+)?{_STAFF}"
    r"(?:\W+(?:por\s+favor|porfa|plis|please|gracias))*\W*$"
    # "me pasas con alguien", "pásame con recepción"; "paso con mi hija" is a visit.
    r"|\b(?:me|nos)\s+(?:(?:puede|pueden|podria|podrian|puedes|podrias)\s+)?pas(?:as|a|an|e|en|ar)\s+con\b"
    r"|\bpas(?:ame|eme|enme|arme)\s+con\b"
    # Asking to be called: "¿me pueden llamar?", "que me llame alguien", "llámenme".
    r"|(?<!no )\b(?:me|nos)\s+(?:(?:puede|pueden|podria|podrian|puedes|podrias)\s+)?llam(?:ar|en|e)\b"
    r"|\bllam(?:enme|ame|eme)\b"
)
# Wanting, as patients across countries type it: "ocupo" (Mexico), typos of "quiero" ("kiero", "kero").
_WANT = (
    r"(?:quiero|kiero|qiero|kero|quero|qero|quiro|qro|quisiera|kisiera|qisiera|queria|keria|qeria"
    r"|necesito|nesesito|nececito|nesecito|necesitaria|necesitamos|ocupo|ocupamos|ocuparia|busco|buscaba|buscando"
    r"|deseo|desearia|gustaria|solicito|me\s+hace\s+falta)"
)
# Getting one: "sacar un turno" (Argentina), "pedir cita" (Spain), "separar" (Peru, Colombia), "apartar"
# (Mexico), "coger cita" (Spain), and the clinic giving it: "me regala una cita" (Colombia), "me da un turno".
_GET = (
    r"(?:pedir|pido|pedimos|sacar|saco|sacarme|tomar|tomo|dar|darme|dame|deme|denme|conseguir|consigo"
    r"|separar|separo|separarme|apartar|aparto|apartarme|solicitar|coger|cojo|hacer(?=\s+(?:una\s+)?cita)"
    r"|regal(?:ame|eme|enme|arme)|separ(?:ame|eme|enme)|apart(?:ame|eme|enme)|consigue(?:me)?|busc(?:ame|eme)"
    r"|(?:me|nos)\s+(?:da|das|dan|de|den|daria|darias|darian|regala|regalas|regalan|regale|regalen"
    r"|regalaria|regalarias|separa|separas|separan|separe|separen|aparta|apartas|apartan|aparte|aparten"
    r"|hace|haces|haceis|hacen|haria|harias|dais"
    r"|consigue|consigues|consiguen))"
)
# Having one free: "¿hay turnos?", "¿tienen hora?", "¿tenés turno?" (voseo), "¿habrá cupo?".
_HAVE = (
    r"(?:hay|habra|habria|tienen|tiene|tienes|tenes|tenis|teneis|tendran|tendra|tendras|tendrian|tendrias?"
    r"|queda|quedan)"
)
# What a patient asks for: an appointment by any country's name, or a free place ("un cupo", "un espacio").
_ASKED_FOR = (
    r"(?:hora|horita|cita|turno|consulta|reserva|atencion|control|evaluacion|limpieza|cupo|sobreturno"
    r"|sobre\s+turno|campo|hueco|huequito"
    # "¿tienen lugar?" is a time, "¿tienen lugar para estacionar?" parking.
    r"|(?:lugar|espacio)(?!\s+(?:para|de|donde)\s+(?:estacion|parque|aparca|dejar|el\s+auto|el\s+carro|el\s+coche)))"
)
# Asking for an appointment in so many words. Beats a FAQ match: "quiero reservar, ¿dónde están?".
# "¿qué valor tiene la limpieza?" asks what it costs, not whether there is one.
_BOOK_REQUEST = re.compile(
    r"\b(?:agend|reserv)[a-z]*\b"
    r"|(?<!valor )(?<!precio )(?<!costo )(?<!duracion )"
    rf"\b(?:{_WANT}|{_GET}|{_HAVE})\s+"
    r"(?:(?:una|un|la|el|otra|otro|mi|nueva|nuevo|alguna|algun|1)\s+)?"
    rf"{_ASKED_FOR}s?\b"
    r"|\bir\s+al\s+(?:dentista|doctor|medico|odontologo|odontologa)\b"
    # "¿tiene algo para ahorita?", "¿hay algo libre el lunes?": anything free is a time.
    rf"|\b{_HAVE}\s+algo\s+(?:para|libre|disponible|hoy|manana|esta|este|el|pa)\b"
    r"|\b(?:atenderme|me\s+atiendan|me\s+puedan\s+atender|me\s+pueden\s+atender|me\s+podrian\s+atender)\b"
    # "me anota para el martes", "anótame", "me apunta" (Spain): being put down for a visit.
    r"|\b(?:me|nos)\s+(?:anot|apunt)(?:a|as|e|en|an|aria|arias|arian)\b|\b(?:anot|apunt)(?:ame|eme|enme|arme)\b"
)
# Booking words that may also open a question ("¿cuánto cuesta una consulta?"): a FAQ match wins.
_BOOK_WORD = re.compile(
    r"\b(?:cita|turno|consulta|horas?\s+disponibles?|disponibilidad|dentista|hora\s+(?:para|con))s?\b"
    # "¿a qué hora puedo ir?", "¿cuándo puedo pasar?": when to come is when to book.
    r"|(?<!no )\b(?:puedo|podemos|podria)\s+(?:ir|pasar|venir|asistir)\b"
)
# What may follow a one-word answer and change nothing: "sale pues", "vale, gracias", "paso, gracias".
_TRAILING = (
    r"(?=\W*$|\s*[,.!;]|\s+(?:po|pues|pue|entonces|gracias|porfa|por\s+favor|plis|dale|ok|perfecto|listo"
    r"|sale|vale|va|si|no|che|amigo|amiga)\b)"
)
# "No hay problema" and its regional kin agree; "¡cómo no!" and "¿por qué no?" are a yes.
_NO_PROBLEM = r"hay\s+(?:problema|drama|rollo|lio|bronca|cuidado)\b"
_DENY = re.compile(
    rf"(?<!como )(?<!por que )\bno\b(?!\s+{_NO_PROBLEM})"
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
_AFFIRM = re.compile(
    # "quería saber si atienden", "¿y si mejor el lunes?": an "if", not a yes.
    r"(?<!saber )(?<!ver )(?<!preguntar )(?<!pregunto )(?<!consultar )(?<!averiguar )(?<!y )\bsi+\b"
    r"|\b(?:si){2,}\b|\bsip\b|\bsipo\b|\bconfirm[a-z]*\b|\bdale\b|\bok(?:a|ay|ey|i|is)?\b"
    r"|\bcorrecto\b|\bde\s+acuerdo\b|\bclaro\b|\blisto\b|\bexacto\b|\bafirmativo\b"
    r"|\b(?:esta|ta)\s+(?:bien|bueno|perfecto)\b|\bme\s+sirve\b|\bme\s+parece\s+(?:bien|perfecto|excelente)\b"
    # "me queda bien", "me acomoda" (Chile), "me late" (Mexico), "me cuadra" (Colombia).
    r"|\bme\s+(?:queda|viene|va)\s+(?:bien|perfecto|super)\b|\bme\s+(?:acomoda|conviene|late|cuadra|funciona)\b"
    r"|\bbueno\b|\b(?:orale|andale)\b|\basi\s+es\b"
    rf"|\bpor\s+supuesto\b|\bobvio\b|\bno\s+{_NO_PROBLEM}|\bcomo\s+no\b|\bpor\s+que\s+no\b|\byes\b|👍"
    # "ya" agrees only on its own: "ya no quiero".
    rf"|^\W*ya\W*(?:po|pues)?\W*$|^\W*(?:ya\W+)?{_ALONE_YES}{_TRAILING}"
    # Saying one will be there, to a reminder: "ahí estaré", "allá nos vemos", "cuenten conmigo".
    r"|\b(?:ahi|alla|alli|aca|aqui)\s+(?:estare|estaremos|nos\s+vemos|voy|vamos|llego|llegamos)\b"
    r"|\bcuent(?:en|e|a)\s+conmigo\b|\basistire(?:mos)?\b"
    rf"|^\W*(?:voy|vamos)(?:\s+a\s+ir)?{_TRAILING}"
)
# Praise agrees with what the bot proposed ("perfecto", "genial", "macanudo").
_PRAISE = re.compile(
    r"\b(?:perfecto|genial|excelente|bacan|chevere|joya|barbaro|buenisimo|chido|de\s+lujo|maravilloso"
    r"|macanudo|genio|genia|brutal)\b"
)
_THANKS = re.compile(
    r"\bmuy\s+amable\b|\bgracia[sz]?\b|\bagradec[a-z]*\b|\bthank[a-z]*\b|\bgrax\b|\bgrcs\b|\bgrs\b|\bthx\b"
    r"|\bdios\s+(?:te|le|les)\s+(?:pague|bendiga)\b"
)
# "buen día" (Argentina), "q tal", "qué onda" and "quiubo" (Mexico, Colombia), "wena" (Chile).
_GREET = re.compile(
    r"\bhol[ai][a-z]*\b|\bbuen(?:os|as)?\s+(?:dias?|tardes?|noches?)\b|\bbuenas\b|\bsaludos\b"
    r"|\bhey\b|\b(?:que|q|k|ke)\s+(?:tal|onda|hubo|hubole)\b|\bquiubo\b|\bwena[s]?\b|\bepa\b"
    r"|\balo\b|\bhello\b"
)


@dataclass(frozen=True, slots=True)
class IntentWords:
    """Which intents a folded message states in words, before details and the FAQ are weighed."""

    opt_out: bool
    opt_in: bool
    reset: bool
    reschedule: bool  # moving an appointment, not negated ("no quiero cambiarla" is not)
    names_booked: bool  # points at an appointment already booked ("la hora que ya tengo")
    my_appointments: bool
    cancel: bool
    cant_go: bool  # not going to a visit ("no voy a poder ir"), about none in particular
    handoff: bool
    book_request: bool
    book_word: bool
    deny: bool
    affirm: bool
    praise: bool  # "perfecto", "genial", "bacán": a yes, as "sí" is
    thanks: bool
    greet: bool

    @property
    def beyond_courtesy(self) -> bool:
        """Whether the message states an intent other than thanks or a greeting."""
        return any(
            (
                self.opt_out,
                self.opt_in,
                self.reset,
                self.reschedule,
                self.my_appointments,
                self.cancel,
                self.cant_go,
                self.handoff,
                self.book_request,
                self.book_word,
                self.deny,
                self.affirm,
                self.praise,
            )
        )


def read_intent_words(text: str) -> IntentWords:
    """Spot every intent the folded message states."""
    return IntentWords(
        opt_out=bool(_OPT_OUT_WORD.search(text) or _OPT_OUT.search(text)),
        opt_in=bool(_OPT_IN_WORD.search(text) or _OPT_IN.search(text)),
        reset=bool(_RESET.search(text)),
        reschedule=any(not _negated(text, found.start()) for found in _RESCHEDULE.finditer(text)),
        names_booked=bool(_BOOKED.search(text)),
        my_appointments=bool(_MY_APPOINTMENTS.search(text)),
        cancel=bool(_CANCEL.search(text) or _CANT_GO_TO_IT.search(text)),
        cant_go=bool(_CANT_GO.search(text)),
        handoff=bool(_HANDOFF.search(text)),
        book_request=bool(_BOOK_REQUEST.search(text)),
        book_word=bool(_BOOK_WORD.search(text)),
        deny=bool(_DENY.search(text)),
        affirm=bool(_AFFIRM.search(text)),
        praise=bool(_PRAISE.search(text)),
        thanks=bool(_THANKS.search(text)),
        greet=bool(_GREET.search(text)),
    )


def moved_from(text: str) -> tuple[Span, ...]:
    """Where a message says the appointment being moved is now ("mi cita *del lunes* para el viernes").

    Read only when the message moves an appointment, and blanked out before the day and time
    are read, so the details proposed are where it should go.
    """
    return tuple(found.span("from") for found in _MOVED_FROM.finditer(text))


def decide_intent(
    said: IntentWords,
    *,
    has_details: bool,
    faq_hit: bool,
    booking_in_progress: bool = False,
    names_service: bool = False,
    asks_about_service: bool = False,
) -> Intent:
    """One intent for the message.

    Opting out comes first, whatever else a message says: a patient who asks for no more
    messages must never get a booking flow instead. Starting over, moving or dropping an
    appointment and asking for a person are never overridden. A question about one's own
    appointments beats booking words ("¿a qué hora es mi cita?" has "cita" in it). A FAQ
    question wins over booking words unless the patient gave details or asked to book outright.
    Yes, no, thanks and greetings are what a message is about only when it carries no details:
    "no, mejor el martes" moves the booking to Tuesday. A yes or praise beside thanks ("ok,
    gracias", "genial, muchas gracias") is thanks unless a booking in progress awaits the yes: with
    nothing asked, it closes the conversation.

    Moving words mean RESCHEDULE (a booked appointment) only when no booking is in progress,
    or when the patient points at one already booked ("la hora que ya tengo"). In the middle of
    a booking, "mejor cámbialo al jueves" is about the booking being made, and BOOK with its
    details is how the booking desk changes that booking; the patient has no other appointment in
    mind. Moving comes before cancelling: "no voy a poder ir, ¿la podemos cambiar?" keeps the visit.
    Not going ("no voy a poder ir", "no puedo asistir") drops a booked appointment only when no booking
    is in progress or one is named ("no puedo ir a mi cita"): while times are offered, "no puedo ir el
    lunes" refuses Monday.

    A service named is a booking detail ("limpieza para el viernes"), except in a question about
    it: "¿cuánto sale la limpieza?" is a question (FAQ, answered from the service), as are "¿tengo
    que ir en ayunas?" with no service named and "¿aceptan Fonasa para la limpieza?" (a FAQ
    entry); asking to book or giving a day still books.
    """
    if said.opt_out:
        return Intent.OPT_OUT
    if said.opt_in:
        return Intent.OPT_IN
    if said.reset:
        return Intent.RESET
    moves_booked = said.reschedule and (not booking_in_progress or said.names_booked)
    if moves_booked:
        return Intent.RESCHEDULE
    if said.cancel or (said.cant_go and not booking_in_progress):
        return Intent.CANCEL
    if said.handoff:
        return Intent.HANDOFF
    if said.my_appointments:
        return Intent.MY_APPOINTMENTS
    service_detail = names_service and not asks_about_service and not faq_hit
    if said.book_request or said.reschedule or has_details or service_detail:
        return Intent.BOOK
    if faq_hit or asks_about_service:
        return Intent.FAQ
    if said.book_word:
        return Intent.BOOK
    # With no booking waiting for a yes, "ok, gracias" and "genial, gracias" close the conversation.
    agrees = (said.affirm or said.praise) and (booking_in_progress or not said.thanks)
    for flag, intent in (
        (said.deny, Intent.DENY),
        (agrees, Intent.AFFIRM),
        (said.thanks, Intent.THANKS),
        (said.greet, Intent.GREET),
    ):
        if flag:
            return intent
    return Intent.UNKNOWN


def _negated(text: str, start: int) -> bool:
    """Whether the clause says "no" right before a moving word: "no la quiero cambiar"."""
    begin, _ = clause_bounds(text, start, start)
    return bool(_NEGATED_BEFORE.search(text, begin, start))
