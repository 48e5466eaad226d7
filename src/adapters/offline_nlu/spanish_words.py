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
abri abria abrid abrio abrir abris acosto agoto agueda ajena almuerzos anclar andes angosto angular
ante anula anulan anularon aposto april arrendar arrienda artes ascender ascendia atril ballenas
berrinche bien billones buena bueno caeria callarse cambia cambiaba cambiada cambiado cambian
cambiara cambiaran cambiare cambiaria cambiarla cambiarle cambiarlo cambiarme cambiaron cambiarse
cambiarte cambias cambiase cancela cancelada cancelado cancelan cancelara cancelarlo cancelaron
cancelas cancelen candelas canse cantores canuelas captores castelar castores cautelar caviar cebado
celis cercanas cerradas ceta cierre cima cimas cimiento cinc cinico cinta cintas cinto circo cisco
cites cito city clero cocinera combinar conducta congelar conjunta consolar constata consuela
consules consultada consultado consultan consultar consultas consulte consulten consultiva consulto
consultor consultora consumia coria correria corria corriera creciera creeria creia cria cuadro
cuanto cuarentena cuaresma cuarta cuarteto cuartos cuarzo cuatri cuatros cuero curato curia dais
deis dentistas desagues dese desee desnudez dial diaz dices dichas diese digas diles dimas dimes
diques diras disponibles divas doctorado doctoral dome dominado dominga domingos dominico dominio
dominios domino done dope dosel dote encerro encierro enebro entero enterro entierro entro ferrero
fine finge funde genio gracia graciana graciano graciosa graciosas gracioso graficas grasas habil
habria hacienda herrero herreros hobby hogueras hojas homo honra honras horca horda hordas horse
house hoyo jueces juegues juguetes juli julia julie junco junin junior juno junto kenia luces lunas
macana machetes macho mackenna madrugadas madrugar magana mago majo malla malo maltes mamo manada
manadas manantial manchada manchadas mano manos manso manzana manzanas manzanilla manzanos maquinas
marana marcho marcio marco mareo mares margo marianas mario marques marquesa marquez marrones
marshall marte martel martinez martires martos matanzas mates mato maya mayol mayor medial median
medianos mediante mediar medias medica medida medie medina medio medir medira medita mejia mello
memos meno menor menso menus meros metia millo minutas minutes minuto monos montanas mundanas munoz
necesaria necesita necesitaba necesitada necesitado necesitais necesitan necesitara necesitaran
necesitaras necesitare necesitarian necesitarias necesitarlo necesitaron necesitas necesite
necesiten necesites nieve nogues nome nose note notes nube nueva nuevo obra obras ocas ochoa ochos
odas oira olea olga olia ollas onde onza orca orcas ordaz oros orta otra otras otto pagado papado
parado pasad pasada pasadizo pasador pasados pasalo pasando paseado paseando pasmado pausado
perimetro peroxido pesado pinto pisado plasmado polimero ponto posado primario primer primera
primeras primeros projimo proximal proximas proximos puno punta puntos puto quedaria querella
querian querias querida queridas querra querrian querrias quiera quiere quieto quincena quiniela
quintero quise quisieran quisieras quisieron quisiese quitarse refrendar requeria reservarse reserve
reservo resuelva sabadell sabados sabido sacado saiz salado saliente salvado salvador salvados
salvando samana samantha sanado saqueado sata seais seas seguis selladas semanales semillas semis
serrana serrania serranias serranos seta setas sets sexys sica sida siente siga sigas siguiendo
siguientes siguiese silla sillas sima simiente sina sino sirviente sisa sito situa sois sota srta
stas tarda tardas tardo taurinos templado temprana tempranas tempranito tempranos teresita terno
terrenos tires torno tornos torres torrez trace traes tras treintena tren tris turbo turco turcos
turro turron vehemente venas vencidos vendidos venite vente vertidos vestidos viena vienen viese
vine virreyes vuelas vuelos zeta zetas zeus zinc
"""
NOT_TYPOS = frozenset(_WORDS.split())
