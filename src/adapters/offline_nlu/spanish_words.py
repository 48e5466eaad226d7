"""Real words and first names a typo check would take for the reader's vocabulary, so never respelled.

Respelling "nueva" as "nueve", "pesado" as "pasado", "Julia" as "julio" or "nora" as "hora" would
change what a patient said. These are exactly the words that ``spelling.closest_word`` would
respell and should not: every Spanish form (the hunspell dictionaries of Spain, Mexico, Argentina,
Chile, Colombia and Peru, expanded with ``unmunch``) that patients actually write (a wordfreq Zipf
frequency of 2.5 or more: "ensero" is not one, "entero" is), and every first name and surname of
Faker's Spanish-speaking locales, folded, that lies within reach of a vocabulary word. Homophones
that are rare words are left out, so they are respelled: "sita" is nearly always a "cita".

When ``spelling.VOCABULARY`` or ``spelling.sound_key`` changes, list again the words of those
sources that ``closest_word`` respells.
"""

from __future__ import annotations

_WORDS = """
abri acosto agoto agueda ajena almuerzos anclar angosto angular ante anula anulan anularon aposto
arrendar arrienda ascender ascendia ballenas berrinche bien billones buena bueno caeria callarse
cambia cambiaba cambiada cambiado cambian cambiara cambiaran cambiare cambiaria cambiarla cambiarle
cambiarlo cambiarme cambiaron cambiarse cambiarte cambias cambiase cancela cancelada cancelado
cancelan cancelara cancelarlo cancelaron cancelas cancelen candelas cantores canuelas captores
castelar castores cautelar caviar cebado celis cercanas cerradas cierre cimiento cinc cinico cinta
cintas citan citar cite cocinera combinar conducta congelar conjunta consolar constata consuela
consules consultada consultado consultan consultar consultas consulte consulten consultiva consulto
consultor consultora consumia correria corria corriera creciera creeria cria cuadro cuanto
cuarentena cuaresma cuarta cuarteto cuartos cuarzo cuatri cuatros curato dentistas desagues desnudez
diaz dices dichas diese digas diles dimas dimes diques diras disponibles divas doctorado doctoral
dominado dominga domingos dominico dominio dominios domino dosel encerro encierro enebro entero
enterro entierro ferrero fine gracia graciana graciano graciosa graciosas gracioso graficas grasas
habil habria hacienda herrero herreros hobby hogueras honra honras horca horda hordas jueces juegues
juguetes juli junior juno macana machetes mackenna madrugadas madrugar magana maltes manada manadas
manantial manchada manchadas manzana manzanas manzanilla manzanos maquinas marana marcho marcio
mares marianas marques marquesa marquez marrones marshall marte martel martinez martires martos maso
matanzas mates mayol mayor mazo medial median medianos mediante mediar medias medica medida medina
medira medita meno minutas minutes minuto montanas mundanas necesaria necesita necesitaba necesitada
necesitado necesitais necesitan necesitara necesitaran necesitaras necesitare necesitarian
necesitarias necesitarlo necesitaron necesitas necesite necesiten necesites nogues nube obra obras
ochoa ochos ohio oira olas olea olga olia oral oran orar orca orcas ordaz orta otra otras pagado
papado parado pasad pasada pasadizo pasador pasados pasalo pasando paseado paseando pasmado pausado
perimetro peroxido pesado pisado plasmado polimero posado primario primer primera primeras primeros
projimo proximal proximas proximos puno puntos puto quedaria querella querian querias querida
queridas querra querrian querrias quiera quiere quieto quincena quiniela quintero quise quisieran
quisieras quisieron quisiese quitarse refrendar requeria reservarse reserve reservo resuelva
sabadell sabados sabido sacado salado saliente salvado salvador salvados salvando samana samantha
sanado saqueado seais seguis selladas semanales semillas semis serrana serrania serranias serranos
sexys siente siguiendo siguientes siguiese sillas simiente sino sirviente site situa stas tardas
taurinos templado temprana tempranas tempranito tempranos teresita terrenos tires tornos torres
torrez traes treintena turcos turro turron vehemente venas vencidos vendidos venite vente vertidos
vestidos vienen vine virreyes vuelas vuelos zinc
"""
NOT_TYPOS = frozenset(_WORDS.split())
