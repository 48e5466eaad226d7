"""Brazilian Portuguese words for what patients ask, answer and name, with the Spanish words the
Spanish readers (``intents``, ``answers``, ``names``, ``people``, ``services``, the FAQ) look for.

Keys are folded (lowercase, no accents), one space between words. A value in Spanish keeps its
accents where they tell words apart ("para mí", "sí").
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

# Asking for an appointment: "queria marcar uma consulta", "tem horário?", "quero agendar".
_BOOKING = {
    "quero": "quiero", "queria": "quería", "gostaria": "quisiera", "gostaria de": "quisiera",
    "queria saber": "quería saber", "preciso": "necesito",
    "precisa": "necesita", "precisam": "necesitan", "precisava": "necesitaría",
    "precisaria": "necesitaría", "to precisando": "necesito", "estou precisando": "necesito",
    "marcar": "agendar", "marca": "agenda", "marque": "agende", "marcacao": "reserva",
    "agendamento": "reserva", "agendar": "agendar", "agenda": "agenda", "consulta": "consulta",
    "consultas": "consultas", "vaga": "lugar", "vagas": "lugares", "horarios": "horarios",
    "tem": "tiene", "teria": "habría", "tinha": "tenía", "tenho": "tengo", "temos": "tenemos",
    "ter": "tener", "tiver": "haya", "disponivel": "disponible", "disponiveis": "disponibles",
    "livre": "libre", "livres": "libres", "encaixe": "sobreturno", "encaixar": "atenderme",
    # Fitting someone in: "dá pra encaixar meu filho hoje?" is for the son.
    "encaixar meu": "atender para mi", "encaixar minha": "atender para mi",
    "encaixar o meu": "atender para mi", "encaixar a minha": "atender para mi",
    "encaixar meus": "atender para mis",
    "me encaixar": "atenderme", "atender": "atender", "atende": "atiende", "atendem": "atienden",
    "atendimento": "atención", "me atender": "atenderme", "ir ao dentista": "ir al dentista",
    # Moving and dropping a booked appointment.
    "marquei": "agendé", "marcou": "agendó", "agendei": "agendé", "tem como": "se puede",
    "da pra": "se puede", "da para": "se puede",
    "remarcar": "reagendar", "remarca": "reagenda", "reagendar": "reagendar", "mudar": "cambiar",
    "muda": "cambia", "mude": "cambie", "trocar": "cambiar", "troca": "cambia", "troque": "cambie",
    "adiar": "posponer", "antecipar": "adelantar", "passar": "pasar", "desmarcar": "cancelar",
    "desmarca": "cancela", "desmarque": "cancele", "cancelar": "cancelar", "cancela": "cancela",
    "cancele": "cancele", "marcada": "agendada", "marcado": "agendado", "marcadas": "agendadas",
    "agendada": "agendada", "agendado": "agendado", "vou": "voy", "vamos": "vamos", "vai": "va", "vao": "van",
    "vou poder": "voy a poder", "vou conseguir": "voy a poder", "consigo": "puedo", "conseguir": "conseguir",
    "uns": "unos", "atrasado": "atrasado", "atrasada": "atrasada", "caminho": "camino",
    "a caminho": "en camino", "cheguei": "llegué", "chegando": "llegando", "junto": "junto",
    "aceita": "acepta", "aceitam": "aceptan", "desculpa": "disculpa", "desculpe": "disculpe",
    "qualquer um": "cualquiera", "qualquer uma": "cualquiera",
    "comparecer": "asistir", "ir": "ir", "vir": "venir", "venho": "vengo", "chegar": "llegar",
    # Asking about one's own appointment.
    "que horas e": "a qué hora es", "quando e": "cuándo es", "qual e": "cuál es", "onde e": "dónde es",
    "que dia e": "qué día es", "que horas": "a qué hora", "que hora": "a qué hora",
    "qual horario": "a qué hora",
    "quando": "cuándo", "que dia": "qué día", "qual dia": "qué día", "lembrar": "recordar",
    "esqueci": "olvidé", "lembra": "recuerda", "me lembra": "recuérdame",
    # Everyday verbs one letter from a word of the reader's ("atendendo" is no "atendente").
    "atendendo": "atendiendo", "marcando": "agendando", "agendando": "agendando", "liguei": "llamé",
    "ligou": "llamó", "recebi": "recibí", "recebeu": "recibió", "trabalhar": "trabajar", "minuto": "minuto",
    "conseguiu": "pudo", "conseguiram": "pudieron", "cancelei": "cancelé", "desmarquei": "cancelé",
    "remarquei": "reagendé", "entrada": "entrada", "pessoal": "gente",
    # Starting over, a person, the messages.
    "comecar de novo": "empezar de nuevo", "recomecar": "reiniciar", "menu": "menú",
    "falar com": "hablar con", "atendente": "recepcionista", "recepcao": "recepción",
    "secretaria": "secretaria", "pessoa": "persona", "humano": "humano", "me liga": "llámame",
    "me ligar": "me llamen", "me liguem": "llámenme", "ligar": "llamar", "ligacao": "llamada",
    "mensagens": "mensajes", "mensagem": "mensaje", "receber": "recibir", "mais receber": "seguir recibiendo",
    "parar": "dejar", "pare": "deje", "parem": "dejen", "mandar": "mandar", "enviar": "enviar",
    # "para de mandar mensagem": the imperative, not the preposition.
    "para de mandar": "dejen de mandar", "para de enviar": "dejen de enviar",
    "para de me mandar": "dejen de mandarme", "para de me enviar": "dejen de enviarme",
    "para de escrever": "dejen de escribir", "para de me escrever": "dejen de escribirme",
    "para de me ligar": "dejen de llamarme",
    "descadastrar": "desuscribir",
    "sair da lista": "sacar de la lista", "me tira da lista": "sáquenme de la lista",
}  # fmt: skip

# Short answers: yes, no, thanks, greetings.
_ANSWERS = {
    "sim": "sí", "pode ser": "dale", "fechado": "listo", "fechou": "listo", "beleza": "dale",
    "blz": "dale", "ok": "ok", "okay": "ok", "isso": "eso", "isso mesmo": "eso mismo",
    "isso ai": "eso", "e isso": "eso es", "exatamente": "exacto", "exato": "exacto",
    "perfeito": "perfecto", "certo": "correcto", "ta certo": "está bien", "esta certo": "está bien",
    "ta bom": "está bien", "ta bem": "está bien", "esta bom": "está bien", "esta otimo": "está perfecto",
    "ta otimo": "está perfecto", "ta perfeito": "está perfecto", "tudo certo": "está bien",
    "combinado": "listo", "confirmado": "confirmado", "confirmo": "confirmo", "claro": "claro",
    "com certeza": "por supuesto", "otimo": "genial", "show": "genial", "top": "genial",
    "maravilha": "genial", "excelente": "excelente", "bacana": "genial", "legal": "genial",
    "pode sim": "dale sí", "quero sim": "sí", "bora": "dale",
    # Regional and slang yeses: "massa" (Northeast, Brasília), "firmeza" (São Paulo), "arretado".
    "massa": "genial", "firmeza": "dale", "arretado": "genial", "uhum": "sí", "aham": "sí", "ahan": "sí",
    "uhun": "sí", "unhum": "sí", "positivo": "sí", "certinho": "listo", "joia": "genial",
    "ta joia": "está bien", "negativo": "no", "nem pensar": "para nada", "nao rola": "no puedo",
    "rola": "hay",
    # Telling the clinic to go ahead is a yes, on a card as in a sentence: "isso, pode marcar".
    "pode marcar": "dale", "pode agendar": "dale", "pode reservar": "dale", "pode confirmar": "confirmo",
    "podem marcar": "dale", "podem agendar": "dale", "pode fechar": "dale", "pode marcar sim": "dale sí",
    "manda ver": "dale", "serve": "me sirve", "me serve": "me sirve",
    "da certo": "me sirve", "da sim": "me sirve", "fica bom": "me queda bien", "fica otimo": "me queda bien",
    "nao serve": "no me sirve", "nenhum serve": "no me sirve", "nenhum desses serve": "no me sirve",
    "nenhuma dessas serve": "no me sirve", "nenhum desses horarios serve": "no me sirve",
    "nenhum desses horarios": "ninguna de esas",
    "nenhum desses": "ninguno de esos",
    "nenhuma dessas": "ninguna de esas", "nao da": "no puedo", "nao posso": "no puedo",
    "primeiro": "primero", "primeira": "primera", "ultimo": "último", "ultima": "última",
    "prefiro": "prefiero", "qualquer": "cualquier", "trabalho": "trabajo",
    "nao quero mais": "ya no quiero", "nao preciso mais": "ya no necesito",
    "nao": "no", "nem": "ni", "tambem nao": "tampoco", "de jeito nenhum": "para nada",
    "nenhum": "ninguno", "nenhuma": "ninguna",
    "obrigado": "gracias", "obrigada": "gracias", "obrigadao": "gracias", "obrigadinha": "gracias",
    "obrigadinho": "gracias",
    "muito obrigado": "muchas gracias", "muito obrigada": "muchas gracias", "brigado": "gracias",
    "brigada": "gracias", "obg": "gracias", "valeu": "gracias", "vlw": "gracias", "agradeco": "agradezco",
    "grato": "gracias", "grata": "gracias",
    "oi": "hola", "oie": "hola", "oii": "hola", "ola": "hola", "opa": "hola", "eai": "qué tal",
    "e ai": "qué tal", "bom dia": "buenos días", "boa tarde": "buenas tardes",
    "boa noite": "buenas noches", "tudo bem": "está bien", "tudo bom": "está bien",
    "td bem": "está bien", "td bom": "está bien",
}  # fmt: skip
# None of the times offered fits: "nenhum desses dá (pra mim)", "não dá pra mim".
_NONE_FITS = ("nenhum da", "nenhum desses da", "nenhuma dessas da", "nenhum desses horarios da")
_ANSWERS |= {
    f"{none}{for_me}": "no me sirve" for none in _NONE_FITS for for_me in ("", " pra mim", " para mim")
}
_ANSWERS |= {"nao da pra mim": "no me sirve", "nao da para mim": "no me sirve"}
# A message of these words alone agrees: "pode", "tá", "bora" (inside a sentence they mean more).
ALONE: Mapping[str, str] = MappingProxyType(
    {
        "pode": "dale", "ta": "dale", "bora": "dale", "demorou": "dale", "vamos": "dale",
        "fechou": "dale", "isso": "eso", "pode ser sim": "dale", "ta bom entao": "está bien",
        "pode marcar": "dale", "pode agendar": "dale", "pode confirmar": "confirmo",
        "tudo bem": "está bien", "tudo bom": "está bien", "tudo certo": "está bien",
        "suave": "dale", "de boa": "dale", "tranquilo": "dale", "ta tranquilo": "está bien",
        "ja e": "dale", "partiu": "dale", "bora la": "dale", "to dentro": "dale", "pode pa": "dale",
        "pode crer": "dale", "capaz": "no", "bah capaz": "no",
        "ta suave": "está bien", "ta de boa": "está bien",
    }
)  # fmt: skip

# Introductions and names: "me chamo", "meu nome é", "sou a Maria", "em nome de".
_NAMES = {
    "me chamo": "me llamo", "chamo": "llamo", "meu nome e": "mi nombre es", "meu nome": "mi nombre",
    "nome completo e": "nombre completo es", "sou": "soy", "sou a": "soy", "sou o": "soy",
    "aqui e a": "aquí", "aqui e o": "aquí", "aqui e": "aquí", "quem fala e": "habla", "fala a": "habla",
    "fala o": "habla", "em nome de": "a nombre de", "no nome de": "a nombre de", "em nome da": "a nombre de",
    "em nome do": "a nombre de", "no nome da": "a nombre de", "no nome do": "a nombre de",
    "se chama": "se llama", "chama": "llama", "o nome dele e": "su nombre es",
    "o nome dela e": "su nombre es", "a paciente e": "la paciente es", "o paciente e": "el paciente es",
    "paciente": "paciente", "nome": "nombre",
}  # fmt: skip

# Whom it is for, as ``domain.people.RELATIVES`` words: "meu filho" -> "mi hijo", "pra mim" -> "para mí".
_PEOPLE = {
    "meu": "mi", "minha": "mi", "meus": "mis", "minhas": "mis", "seu": "su", "sua": "su",
    "o meu": "mi", "a minha": "mi", "os meus": "mis", "as minhas": "mis", "para o meu": "para mi",
    "para a minha": "para mi", "para os meus": "para mis", "ano": "año", "anos": "años", "aninho": "añito",
    "aninhos": "añitos",
    "mim": "mí", "pra mim": "para mí", "pro meu": "para mi", "pra minha": "para mi",
    "pros meus": "para mis", "pras minhas": "para mis", "do meu": "de mi", "da minha": "de mi",
    "dos meus": "de mis", "das minhas": "de mis", "e do meu": "es para mi",
    "e da minha": "es para mi", "no meu": "en mi", "na minha": "en mi", "e pra": "es para",
    "e pro": "es para",
    "e para": "es para", "eu mesmo": "yo mismo", "eu mesma": "yo misma", "sou eu": "soy yo", "eu": "yo",
    "filho": "hijo", "filha": "hija", "filhos": "hijos", "filhas": "hijos", "filhinho": "hijito",
    "filhinha": "hijita", "menino": "hijo", "menina": "hija", "bebe": "bebé", "nenem": "bebé",
    "mae": "mamá", "mamae": "mamá", "mainha": "mamá", "pai": "papá", "papai": "papá", "painho": "papá",
    "esposa": "esposa", "esposo": "esposo", "marido": "marido", "mulher": "esposa",
    "namorado": "novio", "namorada": "novia", "companheiro": "pareja", "companheira": "pareja",
    "irmao": "hermano", "irma": "hermana", "vovo": "abuela", "vo": "abuela",
    "neto": "nieto", "neta": "nieta", "tio": "tío", "tia": "tía", "sobrinho": "sobrino",
    "sobrinha": "sobrina", "primo": "primo", "prima": "prima", "sogro": "suegro", "sogra": "suegra",
    "cunhado": "cuñado", "cunhada": "cuñada", "genro": "yerno", "nora": "nuera",
    "padrasto": "padrastro", "madrasta": "madrastra", "enteado": "hijastro", "enteada": "hijastra",
    "padrinho": "padrino", "madrinha": "madrina", "afilhado": "ahijado", "afilhada": "ahijada",
    "amigo": "amigo", "amiga": "amiga",
    # Regional and family words: "guri", "guria" and "piá" (the South), "moleque" (São Paulo), "curumim"
    # (the North) for a child; "mainha", "painho", "voinha" (the Northeast); "patroa" for a wife.
    "guri": "hijo", "guria": "hija", "guris": "hijos", "gurias": "hijos", "gurizinho": "hijito",
    "gurizinha": "hijita", "pia": "hijo", "piazinho": "hijito", "pias": "hijos", "moleque": "hijo",
    "moleques": "hijos", "molecote": "hijo", "curumim": "hijo", "menininho": "hijito", "menininha": "hijita",
    "meninos": "hijos", "meninas": "hijos", "bebezinho": "bebito", "bebezinha": "bebita",
    "maezinha": "mamá", "paizinho": "papá", "voinha": "abuela", "voinho": "abuelo", "vozinha": "abuelita",
    "vozinho": "abuelito", "netinho": "nietito", "netinha": "nietita", "maninho": "hermanito",
    "maninha": "hermanita", "sogrinha": "suegrita",
    "patroa": "esposa", "maridao": "marido", "mozao": "pareja", "mozinho": "pareja",
    "cacula": "menor", "caculinha": "menor", "primogenito": "mayor", "primogenita": "mayor",
    "noivo": "novio", "noiva": "novia", "vizinho": "vecino", "vizinha": "vecina", "patrao": "jefe",
    "ele": "él", "ela": "ella", "dele": "de él", "dela": "de ella",
}  # fmt: skip

# The clinic's services and doctors in Brazilian words, as the Spanish services and specialties say them.
_CLINIC = {
    "limpeza": "limpieza", "limpezas": "limpiezas", "profilaxia": "profilaxis", "tartaro": "sarro",
    "clareamento": "blanqueamiento", "clarear": "blanquear", "clarear os dentes": "blanquear los dientes",
    "aparelho": "brackets", "aparelhos": "brackets", "aparelho ortodontico": "brackets",
    "manutencao do aparelho": "control de brackets", "manutencao": "control",
    "colocar aparelho": "poner brackets", "por aparelho": "poner brackets",
    "por o aparelho": "poner brackets", "botar aparelho": "poner brackets", "usar aparelho": "poner brackets",
    "colocar": "poner", "botar": "poner", "ortodontia": "ortodoncia", "ortodontista": "ortodoncista",
    "odontopediatria": "odontopediatría", "odontopediatra": "odontopediatra", "crianca": "niño",
    "criancas": "niños", "infantil": "infantil", "canal": "endodoncia",
    "tratamento de canal": "endodoncia", "consulta de rotina": "revisión dental", "rotina": "revisión",
    "check up": "chequeo", "checkup": "chequeo", "avaliacao": "evaluación", "revisao": "revisión",
    "orcamento": "presupuesto", "extracao": "extracción", "extrair": "extraer", "arrancar": "sacar",
    "tirar": "sacar", "tira": "saca", "dente": "diente", "dentes": "dientes", "dentinho": "diente",
    "dentinhos": "dientes", "siso": "muela del juicio", "sisos": "muelas del juicio",
    "dente do siso": "muela del juicio", "dente de siso": "muela del juicio", "dor": "dolor",
    "dor de dente": "dolor de muela",
    # Pain, whatever hurts ("tá doendo muito", "o dente dói"), is the pain the clinic treats.
    "doi": "con dolor", "doem": "con dolor", "doendo": "con dolor", "doeu": "con dolor",
    "doia": "con dolor", "dolorido": "con dolor", "dolorida": "con dolor", "latejando": "con dolor",
    "machucando": "con dolor", "machucou": "con dolor", "machuca": "con dolor",
    # A tooth broken, chipped or cracked: "quebrei um dente" is "se me rompió un diente".
    "quebrei": "se me rompió", "quebrou": "se rompió", "lasquei": "se me rompió", "lascou": "se rompió",
    "trinquei": "se me rompió", "trincou": "se rompió", "rachei": "se me rompió", "rachou": "se rompió",
    "parti": "se me partió", "partiu o dente": "se partió el diente", "quebrado": "roto", "quebrada": "rota",
    "lascado": "roto", "lascada": "rota", "trincado": "roto", "trincada": "rota", "rachado": "roto",
    "rachada": "rota", "um pedaco do": "un", "um pedaco de": "un", "um pedacinho do": "un",
    "um pedacinho de": "un", "um pedaco da": "una", "caiu um pedaco do": "se rompió un",
    "caiu um pedaco de": "se rompió un", "saiu um pedaco do": "se rompió un",
    "saiu um pedaco de": "se rompió un",
    # Swelling, of a gum or a face, is an emergency: "minha gengiva tá inchada".
    "inchado": "hinchazón", "inchada": "hinchazón", "inchados": "hinchazón", "inchadas": "hinchazón",
    "inchou": "hinchazón", "inchando": "hinchazón", "inchaco": "hinchazón", "gengiva": "encía",
    "gengivas": "encías", "rosto": "cara", "soltou": "soltó", "caiu": "cayó", "descolou": "despegado",
    # Braces: tightened ("apertar o aparelho"), or come loose ("o aparelho soltou").
    "apertar": "ajustar", "apertou": "ajustar", "aperto": "ajuste", "ajustar": "ajustar", "ajuste": "ajuste",
    "bracket": "bracket", "braquete": "bracket", "braquetes": "brackets", "brackets": "brackets",
    "borrachinha": "brackets", "borrachinhas": "brackets",
    "urgencia": "urgencia", "emergencia": "emergencia", "dentista": "dentista",
    "doutor": "doctor", "doutora": "doctora", "dr": "dr", "dra": "dra",
    "clinico geral": "odontología general", "clinica geral": "odontología general",
}  # fmt: skip
# Braces come loose: "o aparelho soltou", "caiu o bracket" (the verb first reads word for word).
_BRACES = ("aparelho", "bracket", "braquete", "brackets", "braquetes", "fio do aparelho", "fio")
_LOOSE = (
    "soltou", "soltaram", "caiu", "cairam", "descolou", "descolaram", "quebrou", "quebraram", "saiu",
    "solto", "solta", "soltos", "soltando", "descolado", "descolando", "caindo",
)  # fmt: skip
_CLINIC |= {f"{braces} {loose}": "bracket suelto" for braces in _BRACES for loose in _LOOSE}
# A tooth, or a filling, broken or come out: "meu dente quebrou", "a restauração caiu".
_TOOTH = ("dente", "dente da frente", "dente de tras", "obturacao", "restauracao", "coroa")
_BROKEN = ("quebrou", "lascou", "trincou", "rachou", "partiu", "caiu", "soltou")
_CLINIC |= {f"{tooth} {broken}": "diente roto" for tooth in _TOOTH for broken in _BROKEN}
_CLINIC |= {
    "bracket do aparelho": "bracket",
    "braquete do aparelho": "bracket",
    "pecinha do aparelho": "bracket",
}

# The clinic's questions: where, when open, how to pay, parking; a service's price and length.
_QUESTIONS = {
    "onde": "dónde", "aonde": "dónde", "fica": "queda", "ficam": "quedan",
    "onde fica": "dónde queda", "endereco": "dirección", "localizacao": "ubicación",
    "localizados": "ubicados", "localizada": "ubicada", "chego": "llego", "metro": "metro",
    "onibus": "micro", "horario de funcionamento": "horario de atención", "funcionamento": "atención",
    "horario de atendimento": "horario de atención", "abrem": "abren", "fecham": "cierran",
    "aberto": "abierto", "abertos": "abiertos", "feriado": "feriado", "feriados": "feriados",
    "pagamento": "pago", "pagar": "pagar", "cartao": "tarjeta", "cartoes": "tarjetas",
    "debito": "débito", "credito": "crédito", "parcela": "cuotas", "parcelas": "cuotas",
    "parcelar": "cuotas", "parcelado": "cuotas", "dinheiro": "efectivo", "pix": "transferencia",
    "convenio": "seguro", "convenios": "seguro", "plano de saude": "seguro", "plano": "seguro",
    # Brazil's dental and health plans, by name: "vocês aceitam Unimed?".
    "unimed": "seguro", "amil": "seguro", "amil dental": "seguro", "odontoprev": "seguro",
    "hapvida": "seguro", "sulamerica": "seguro", "sul america": "seguro", "uniodonto": "seguro",
    "interodonto": "seguro", "bradesco saude": "seguro", "bradesco dental": "seguro", "metlife": "seguro",
    "plano odontologico": "seguro",
    "estacionamento": "estacionamiento", "estacionar": "estacionar", "carro": "auto",
    "quanto": "cuánto", "quanto custa": "cuánto cuesta", "quanto custam": "cuánto cuestan",
    "quanto e": "cuánto es", "quanto fica": "cuánto sale", "quanto sai": "cuánto sale",
    "quanto cobram": "cuánto cobran", "quanto voces cobram": "cuánto cobran", "qual o valor": "qué valor",
    "qual e o valor": "qué valor", "qual o preco": "qué precio", "qual e o preco": "qué precio",
    "custa": "cuesta", "custam": "cuestan", "preco": "precio", "precos": "precios", "caro": "caro",
    "cara": "cara", "barato": "barato", "barata": "barata", "custo": "costo",
    "valor": "valor", "valores": "valores", "quanto tempo": "cuánto tiempo", "demora": "demora",
    "demoram": "demoran", "dura": "dura", "duram": "duran", "leva": "toma", "duracao": "duración",
    "gratis": "gratis", "gratuito": "gratuito", "gratuita": "gratuita", "informacao": "información",
    "informacoes": "informaciones", "info": "info", "jejum": "ayunas", "em jejum": "en ayunas",
    "levar": "llevar", "o que": "qué", "preparo": "preparación", "preparacao": "preparación",
    "comer antes": "comer antes", "comer": "comer", "qual": "cuál", "quais": "cuáles",
}  # fmt: skip

# Everyday grammar: articles, prepositions, pronouns, verbs. Portuguese "no" is "in the", never "not".
_GRAMMAR = {
    "o": "el", "os": "los", "as": "las", "do": "del", "da": "de la", "dos": "de los", "das": "de las",
    "no": "en el", "na": "en la", "nos": "en los", "nas": "en las", "num": "en un", "numa": "en una",
    "ao": "al", "aos": "a los", "pelo": "por el", "pela": "por la", "em": "en", "com": "con",
    "sem": "sin", "pra": "para", "pro": "para el", "pras": "para las", "pros": "para los",
    "para": "para", "por": "por", "de": "de", "que": "que", "q": "que", "se": "si", "ou": "o",
    "mas": "pero", "porem": "pero", "mais": "más", "melhor": "mejor", "entao": "entonces",
    "voce": "usted", "vc": "usted", "voces": "ustedes", "vcs": "ustedes", "senhor": "señor",
    "senhora": "señora", "a gente": "nosotros", "me": "me", "te": "te", "lhe": "le",
    "nao e": "no es", "eh": "es",
    "esse": "ese", "essa": "esa", "este": "este", "esta": "esta", "isto": "esto", "aquele": "aquel",
    "ta": "está", "to": "estoy", "estou": "estoy", "estamos": "estamos", "estao": "están",
    "e": "y", "sao": "son", "foi": "fue", "era": "era", "seria": "sería", "sera": "será",
    "pode": "puede", "podem": "pueden", "posso": "puedo", "podemos": "podemos", "poderia": "podría",
    "poderiam": "podrían", "poder": "poder", "consegue": "puede", "conseguem": "pueden",
    "fazer": "hacer", "faz": "hace", "fazem": "hacen", "quer": "quiere", "querem": "quieren",
    "dar": "dar", "agora": "ahora", "ja": "ya", "ainda": "todavía", "tambem": "también",
    "tb": "también", "tbm": "también", "so": "solo", "somente": "solamente", "apenas": "solo",
    "depois": "después", "antes": "antes", "ate": "hasta", "desde": "desde",
    "logo": "luego", "muito": "muy", "muita": "mucha", "muitos": "muchos", "muitas": "muchas",
    "mesmo": "mismo", "mesma": "misma", "tudo": "todo",
    "bem": "bien", "bom": "bueno", "boa": "buena", "favor": "favor", "por favor": "por favor",
    "pfv": "por favor", "pf": "por favor", "pls": "por favor", "porfa": "porfa", "ne": "pues",
    "ai": "ahí", "la": "allá", "aqui": "aquí", "sobre": "sobre", "algum": "algún", "alguma": "alguna",
    "outro": "otro", "outra": "otra", "novo": "nuevo", "nova": "nueva", "como": "cómo",
    "porque": "porque", "pq": "porque", "por que": "por qué", "saber": "saber", "gente": "gente",
    "alguem": "alguien", "nada": "nada", "acho": "creo", "acho que": "creo que",
    "demais": "demasiado", "tipo": "tipo", "ate logo": "hasta luego",
}  # fmt: skip

# Asking when one's own appointment is: "qual o horário da minha consulta?", "esqueci o dia da minha
# consulta" (not "mudar o horário da minha consulta", which moves it).
_ASKING = ("qual", "qual e", "esqueci", "me lembra", "saber", "confirmar", "confirma")
_WHEN = {"horario": "a qué hora", "hora": "a qué hora", "dia": "qué día", "data": "qué día"}
_BOOKING |= {
    f"{asking}{the} {when} da minha {visit}": f"{spanish} es mi consulta"
    for asking in _ASKING
    for the in ("", " o", " a")
    for when, spanish in _WHEN.items()
    for visit in ("consulta", "avaliacao", "limpeza")
}

TALK: Mapping[str, str] = MappingProxyType(
    _GRAMMAR | _BOOKING | _ANSWERS | _NAMES | _PEOPLE | _CLINIC | _QUESTIONS
)
