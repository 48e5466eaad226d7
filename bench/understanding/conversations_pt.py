"""Twenty whole booking conversations in Brazilian Portuguese, as patients write on WhatsApp.

Played by ``bench.conversations.play_suite`` exactly as the Spanish ones of
``bench.understanding.conversations``: the demo clinic, the hybrid reader (offline first, a fake
Claude answering the scripted reading of a step that reaches it), at Monday 30 November 2026,
09:00 in Santiago, 20 seconds between messages. Every step a reader may leave to the model has
its scripted reading (greetings too), so a conversation plays the same whichever reader reads it.

Dates (README.md, "Portuguese (Brazil)"): hoje = Mon 30 Nov; amanhã = Tue 1 Dec, and so is a
bare "terça"; depois de amanhã = quarta = Wed 2; quinta 3, sexta 4, sábado 5, segunda 7;
"daqui a uma semana" = Mon 7; "semana que vem, na quarta" = Wed 9; "03/12" is day first = Thu 3.
Doctors: perez (general, Mon-Sat 09-13, Mon-Fri 15-19, 30 min), soto (orthodontics, Tue and Thu
10-14 and 16-20, 45 min: 16:00, 16:45, 17:30...), rojas (children, Mon/Wed/Fri 09-14, 30 min).
Every expected time is open for the doctor or service asked and free in a fresh store.
"""

from __future__ import annotations

from bench.conversation_suite import CONFIRM, Conversation, booking, burst, conv, model, pick, say
from bench.understanding.conversations import ADDRESS, PAYMENT, YES, faq

HELLO = model(action="smalltalk")  # "oi", "boa tarde", "td bem?" alone

BRAZIL: tuple[Conversation, ...] = (
    conv(
        "br: oi, amanhã de tarde, blz",
        say("Oi, boa tarde", HELLO),
        say(
            "queria marcar uma consulta pra amanhã de tarde",
            booking(date="2026-12-01", time_of_day="afternoon"),
        ),
        pick("16:00"),
        say("Fernanda Lima", booking(patient_name="Fernanda Lima")),
        say("blz", YES),
        day="2026-12-01",
        time="16:00",
        patient="Fernanda Lima",
    ),
    conv(
        "br: one-shot, me chamo João Silva",
        say(
            "queria marcar amanhã às 4, me chamo João Silva",
            booking(date="2026-12-01", time="16:00", patient_name="João Silva"),
        ),
        CONFIRM,
        day="2026-12-01",
        time="16:00",
        patient="João Silva",
    ),
    conv(
        "br: pro meu filho com a odontopediatra",
        say(
            "queria marcar pro meu filho com a odontopediatra",
            booking(doctor_id="rojas", specialty="Odontopediatría", for_whom="hijo"),
        ),
        say("quarta de manhã", booking(date="2026-12-02", time_of_day="morning")),
        pick("10:00"),
        say("Pedro Almeida", booking(patient_name="Pedro Almeida")),
        CONFIRM,
        day="2026-12-02",
        time="10:00",
        doctor="rojas",
        patient="Pedro Almeida",
    ),
    conv(
        "br: manutenção do aparelho quinta às 4",
        say(
            "tenho manutenção do aparelho, tem quinta às 4?",
            booking(date="2026-12-03", time="16:00", service_id="control_ortodoncia"),
        ),
        say("Lucas Oliveira", booking(patient_name="Lucas Oliveira")),
        CONFIRM,
        day="2026-12-03",
        time="16:00",
        doctor="soto",
        patient="Lucas Oliveira",
    ),
    conv(
        "br: typos, qria marca pra sesta as 11, sim",
        say("oi qria marca uma consuta pra sesta as 11", booking(date="2026-12-04", time="11:00")),
        say("joao pedro santos", booking(patient_name="joao pedro santos")),
        say("sim", YES),
        day="2026-12-04",
        time="11:00",
    ),
    conv(
        "br: correction on the card, melhor ao meio-dia",
        say("uma consulta segunda às 10", booking(date="2026-12-07", time="10:00")),
        say("Rafael Costa", booking(patient_name="Rafael Costa")),
        say("não, melhor ao meio-dia", booking(date="2026-12-07", time="12:00")),
        CONFIRM,
        day="2026-12-07",
        time="12:00",
        patient="Rafael Costa",
    ),
    conv(
        "br: price of a limpeza, then sexta de manhã",
        say(
            "quanto custa a limpeza?",
            model(action="answer_faq", service_id="limpieza", asks="price"),
        ),
        say(
            "ok, quero marcar uma pra sexta de manhã",
            booking(date="2026-12-04", time_of_day="morning", service_id="limpieza"),
        ),
        pick("10:00"),
        say("Mariana Costa", booking(patient_name="Mariana Costa")),
        CONFIRM,
        day="2026-12-04",
        time="10:00",
        doctor="perez",
        patient="Mariana Costa",
    ),
    conv(
        "br: a burst, quinze pras cinco",
        burst(
            "oi",
            "queria marcar pra terça dia 8",
            "quinze pras cinco",
            reading=booking(date="2026-12-08", time="16:45"),
        ),
        say("Camila Rocha", booking(patient_name="Camila Rocha")),
        CONFIRM,
        day="2026-12-08",
        time="16:45",
        patient="Camila Rocha",
    ),
    conv(
        "br: pro meu marido Carlos Souza, in one message, fechado",
        say(
            "queria marcar pro meu marido, Carlos Souza, quinta às 10",
            booking(date="2026-12-03", time="10:00", patient_name="Carlos Souza", for_whom="marido"),
        ),
        say("fechado", YES),
        day="2026-12-03",
        time="10:00",
        patient="Carlos Souza",
    ),
    conv(
        "br: dor de dente, algo pra hoje",
        say(
            "tô com muita dor de dente, vcs tem algo pra hoje?",
            booking(date="2026-11-30", service_id="urgencia"),
        ),
        pick("11:30"),  # the first time past two hours' notice; index 0 may be the notice's "Acepto"
        say("Ricardo Mendes", booking(patient_name="Ricardo Mendes")),
        CONFIRM,
        day="2026-11-30",
        time="11:30",
        patient="Ricardo Mendes",
    ),
    conv(
        "br: aceita convênio?, then segunda dia 7 às 9 e meia",
        say("vcs aceitam convênio?", faq(PAYMENT)),
        say(
            "ah ok, então queria marcar segunda dia 7 às 9 e meia",
            booking(date="2026-12-07", time="09:30"),
        ),
        say("Beatriz Ramos", booking(patient_name="Beatriz Ramos")),
        CONFIRM,
        day="2026-12-07",
        time="09:30",
        patient="Beatriz Ramos",
    ),
    conv(
        "br: onde fica?, then depois de amanhã 16h30",
        say("onde fica a clínica?", faq(ADDRESS)),
        say(
            "blz, queria marcar pra depois de amanhã 16h30",
            booking(date="2026-12-02", time="16:30"),
        ),
        say("Rodrigo Nunes", booking(patient_name="Rodrigo Nunes")),
        CONFIRM,
        day="2026-12-02",
        time="16:30",
        patient="Rodrigo Nunes",
    ),
    conv(
        "br: com o ortodontista, amanhã à tarde",
        say("queria marcar com o ortodontista", booking(doctor_id="soto", specialty="Ortodoncia")),
        say("amanhã à tarde", booking(date="2026-12-01", time_of_day="afternoon")),
        pick("17:30"),
        say("Gabriel Martins", booking(patient_name="Gabriel Martins")),
        CONFIRM,
        day="2026-12-01",
        time="17:30",
        doctor="soto",
        patient="Gabriel Martins",
    ),
    conv(
        "br: daqui a uma semana às 10",
        say("tem horário daqui a uma semana às 10?", booking(date="2026-12-07", time="10:00")),
        say("Larissa Souza", booking(patient_name="Larissa Souza")),
        CONFIRM,
        day="2026-12-07",
        time="10:00",
        patient="Larissa Souza",
    ),
    conv(
        "br: uai, pra mainha no sábado cedo",
        say(
            "uai, queria marcar pra mainha no sábado cedo",
            booking(date="2026-12-05", time_of_day="morning", for_whom="mamá"),
        ),
        pick("10:00"),
        say("Maria das Graças Oliveira", booking(patient_name="Maria das Graças Oliveira")),
        CONFIRM,
        day="2026-12-05",
        time="10:00",
        doctor="perez",
        patient="Maria das Graças Oliveira",
    ),
    conv(
        "br: dia 03/12 às 15h, pode ser",
        say("tem horário dia 03/12 às 15h?", booking(date="2026-12-03", time="15:00")),
        say("Thiago Ferreira", booking(patient_name="Thiago Ferreira")),
        say("pode ser", YES),
        day="2026-12-03",
        time="15:00",
        patient="Thiago Ferreira",
    ),
    conv(
        "br: one-shot with a Dra. Camila, sou a Juliana, beleza",
        say(
            "Oi, queria marcar com a Dra. Camila sexta às 3, sou a Juliana Castro",
            booking(date="2026-12-04", time="15:00", doctor_id="perez", patient_name="Juliana Castro"),
        ),
        say("beleza", YES),
        day="2026-12-04",
        time="15:00",
        doctor="perez",
        patient="Juliana Castro",
    ),
    conv(
        "br: clareamento, semana que vem na quarta de manhã",
        say("queria fazer um clareamento", booking(service_id="blanqueamiento")),
        say(
            "semana que vem, na quarta de manhã",
            booking(date="2026-12-09", time_of_day="morning"),
        ),
        pick("09:30"),
        say("Patrícia Gomes", booking(patient_name="Patrícia Gomes")),
        CONFIRM,
        day="2026-12-09",
        time="09:30",
        doctor="perez",
        patient="Patrícia Gomes",
    ),
    conv(
        "br: terça não dá, melhor quinta",
        say("queria marcar na terça às 10", booking(date="2026-12-01", time="10:00")),
        say("Eduardo Lima", booking(patient_name="Eduardo Lima")),
        say(
            "ah não, terça não dá, melhor quinta às 10",
            booking(date="2026-12-03", time="10:00"),
        ),
        CONFIRM,
        day="2026-12-03",
        time="10:00",
        patient="Eduardo Lima",
    ),
    conv(
        "br: a burst with the name, sexta de tarde, isso pode marcar",
        burst(
            "oi, td bem?",
            "sou a Aline Barbosa",
            "tem horário sexta de tarde?",
            reading=booking(date="2026-12-04", time_of_day="afternoon", patient_name="Aline Barbosa"),
        ),
        pick("17:00"),
        say("isso, pode marcar", YES),
        day="2026-12-04",
        time="17:00",
        patient="Aline Barbosa",
    ),
)
