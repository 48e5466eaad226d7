"""Which language a patient writes in: Spanish, English or Brazilian Portuguese, from the words.

Each language has a list of words a patient writing to a clinic uses and the other two do not
("quiero", "tomorrow", "amanhã"): function words, booking words, days, greetings and the usual
chat shorthand, typos of the commonest included ("kiero", "tmrw", "amanha"). A word the
languages share ("hora", "doctor", "no", "para", "sábado") counts for none. Letters only one
of them writes count too: ã, õ and ç are Portuguese, ñ, ¿ and ¡ Spanish. A patient may also ask
for a language by name ("in English please", "em português", "en español"): that is asked, and
the conversation's rule (``domain.language.conversation_language``) decides what to answer in.

Counting words is enough here: the choice is among at most three languages, a conversation
keeps its language unless a message is clearly in another, and a short message ("ok", "Ana",
"10:30") says nothing. A statistical detector (lingua, fastText) is built for open text and
does worse on three-word chat full of typos and clinic words.
"""

from __future__ import annotations

import re
import unicodedata

from adapters.offline_nlu.text import word_set
from domain.language import Language, LanguageHeard

_SPANISH = word_set(
    """
quiero quisiera kiero qiero necesito nesecito ocupo tienen tiene tenes hay puedo puede podria podrian
hola ola gracias grasias muchas buenas buenos buen cita sita citas turno hoy oy manana pasado lunes
martes miercoles jueves viernes biernes el los las una un mi mis hijo hija hijos mama papa esposo abuela
abuelo y con del al es yo soy llamo nombre cuanto cuesta sale vale donde cuando porfa porfavor dale
listo perfecto claro ahora ahorita noche bien usted ustedes nos vemos chao chau agendar agenda reservar
sacar hora puedes podes quieres queres necesita gustaria atender atienden mañana pues tambien tampoco
cancelar cancela anular cambiar mover reprogramar despues mediodia medianoche semana proxima siguiente
esta este estoy estamos ese eso esa tu su sus muy mas menos algo nada odontologo dentista limpieza
ortodoncia frenos brackets blanqueamiento endodoncia tratamiento disculpe disculpa perdon saludos ok si
sí doctora doctor dra dr en ya manden mande mensajes mensaje dentro aqui dos tres cuatro siete ocho
nueve diez once doce quince veinte enero febrero marzo mayo junio julio septiembre setiembre octubre
noviembre diciembre lun mie mier jue juev vie sab dom semanas luego sirve tendra tendran habra cualquier
jornada hasta hijito hijita mamita papito nieto nieta ninos nino nina
"""
)

_ENGLISH = word_set(
    """
hi hello hey the i im i'm my me you your u ur can could would like want wanna need book booking
appointment appt apointment appoinment schedule reschedule cancel tomorrow tmrw tmr tomorow tommorow
2moro today tonight morning afternoon evening next this week at on for with please pls plz thanks thank
thx ty yes yeah yep yup sure not is it its it's that what when where how much cost monday tuesday
wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun pm am oclock
o'clock noon midday son daughter mom mum mother dad father wife husband grandma grandpa kid kids name
cleaning braces checkup check-up teeth tooth whitening root canal do does have any available slot slots
time works good great fine bye and or of to in an be are there here we our get got just still sorry ok
okay afraid instead earlier later day days from until till see them january february march april may
june july august september october november december one two three four five six seven eight nine ten
eleven twelve fifteen twenty first second third weeks month
"""
)

_PORTUGUESE = word_set(
    """
voce vc voces vcs nao quero queremos obrigado obrigada brigado brigada obg valeu vlw queria gostaria
marcar remarcar desmarcar agendamento amanha manha hoje oi ola tudo bem pra pro meu minha meus minhas
filho filha mae mainha pai painho avo tem posso preciso segunda terca quarta quinta sexta feira as da do
das dos uma um com e sim isso ta ne beleza blz fechado pode ser que vem depois daqui tchau bom boa noite
meio-dia meiodia quanto custa onde fica convenio plano limpeza aparelho clareamento eu estou to sou
chamo nome tambem tb qual quais horario horarios consulta dentista agora entao porque pq hj amnh tarde
semana proxima dia dias doutor doutora dr dra ok dois duas tres quatro sete oito nove dez onze doze
quinze vinte janeiro fevereiro marco maio junho julho setembro outubro novembro dezembro seg ter qua qui
sex sab dom semanas mes ate logo qualquer tera terao vou vai nossa gente crianca menino menina mensagens
mensagem
"""
)

# Words the languages share, whichever list has them: "tarde", "dia", "semana", "pm", "me".
_SHARED = word_set(
    """
tarde dia dias semana proxima proximo pm am me de a o que para por favor no doctor doctora dr dra ok
hora consulta horario agendar
"""
)

# The words of each language that the others' lists lack: a shared word points nowhere.
_ALL = {Language.SPANISH: _SPANISH, Language.ENGLISH: _ENGLISH, Language.PORTUGUESE: _PORTUGUESE}
_OWN = {
    language: words
    - _SHARED
    - frozenset[str]().union(*(other for key, other in _ALL.items() if key is not language))
    for language, words in _ALL.items()
}
_LETTERS = {Language.PORTUGUESE: re.compile(r"[ãõç]"), Language.SPANISH: re.compile(r"[ñ¿¡]")}
_LETTER_WEIGHT = 2  # an ã or an ñ says as much as two words

_WORD = re.compile(r"[a-z0-9]+(?:['’-][a-z]+)*")

_ASKED = (
    (
        Language.ENGLISH,
        re.compile(
            r"\b(?:in|speak|speaks|talk|write|english)\s+(?:in\s+)?english\b|\benglish\s+(?:please|pls|plz)\b"
            r"|\b(?:do|does|can)\s+(?:you|someone|anyone)\s+speak\s+english\b|\ben\s+ingles\b|\bem\s+ingles\b"
        ),
    ),
    (
        Language.PORTUGUESE,
        re.compile(
            r"\b(?:em|fala|falam|falar|fale|falo)\s+(?:em\s+)?portugues\b|\bportugues\s+(?:por\s+favor|pf|pfv)\b"
            r"|\bin\s+portuguese\b|\ben\s+portugues\b"
        ),
    ),
    (
        Language.SPANISH,
        re.compile(
            r"\b(?:en|habla|hablan|hablas|hablar|hable)\s+(?:en\s+)?(?:espanol|castellano)\b"
            r"|\bin\s+spanish\b|\bem\s+espanhol\b|\bespanol\s+por\s+favor\b"
        ),
    ),
)


class OfflineLanguageDetector:
    """Implements ``LanguageDetector``: the language a message's words and letters point to."""

    def heard(self, text: str) -> LanguageHeard:
        lowered = text.lower()
        folded = _fold(lowered)
        asked = next((language for language, said in _ASKED if said.search(folded)), None)
        words = _WORD.findall(folded)
        scores = tuple(
            (language, sum(word in own for word in words) + _letters(language, lowered))
            for language, own in _OWN.items()
        )
        return LanguageHeard(asked, scores)


def _letters(language: Language, lowered: str) -> int:
    letters = _LETTERS.get(language)
    return _LETTER_WEIGHT * len(letters.findall(lowered)) if letters is not None else 0


def _fold(text: str) -> str:
    """Lowercase letters without accents: "amanhã" -> "amanha", "mañana" -> "manana"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
