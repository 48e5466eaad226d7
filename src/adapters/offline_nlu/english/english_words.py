"""Real English words a typo check would take for the reader's vocabulary, so never respelled.

Respelling "there" as "three", "launch" as "lunch" or "weakened" as "weekend" would change what a
patient said. These are the words of Debian's ``wamerican`` word list (folded) that
``spelling.closest_word`` would otherwise respell; a few rare ones that are far more often typos
("anointment" for "appointment", "tokay" for "today") are left out, so they are respelled.

When ``spelling.READER_WORDS`` changes, list again the words of that source that ``closest_word``
respells.
"""

from __future__ import annotations

_WORDS = """
addressed addressee addresses afternoons aprils assailable aster augusta augustan auguster augusts
augustus avoidable blocking blooding blooming boinking boobing booing bookings booming boosting
booting boozing brace braced brackets bracts brakes branches braves breaches breather broaches
brooding brooking brothel brothels brotherly brothers cancelation canceled cancellations cancels
chancel chancels chang changed changes cheating checkout checkups clanging clanking cleanings
cleansing clearings cleaving clerking cloaking clowning conferred confided confined confirms
conforms creaking creaming creasing creating daughters deceiver decembers dentistry doughier
doughtier earthier earthlier eighteens eighteenths eighths eighties eightieth elements elevens
elevenths emending emergence evincing extinction extracting extractor extradition extrication
fathered fatherly fathers fatter feathers feathery fifteens fifteenths fiftieth filth firsts firth
foray forte forts fourteens fourteenths fourthly fourths grandmas grandpas greats greta hellos hells
horus husbanded husbandry husbands lager lamer laser latex launch laxer layer liter lurch lynch
marci marco marcy mather midway minuets minuses minuted minutely minuter minutest moaning mooning
mothered motherly mothers mounding mounting mover moves nineteens nineteenths nineties ninetieth
ninths nonmember novembers octobers orthodontia orthodontic orthodontics orthodontists pease
perfected perfecter perfectly perfects pleas pleases pleasure prefect prefects quainter quartered
quarterly quartet quartets rescheduled reschedules scheduler schedulers schedules seconded secondly
seconds semen septembers sevens seventeens seventeenths sevenths seventies seventieth seventy sever
severn sifter sinister sisterly sisters sixteens sixteenths sixths sixtieth someones sound soundest
spinster steven sundry teeth tenths tents there think thinks thirds thirteens thirteenths thirtieths
thoth threes threw throe thunk thunks tomorrows toothaches toothy toots troth twelfths twelves
twenties twentieths weakened weekended weekends weeks whittling widening
"""
DICTIONARY_WORDS = frozenset(_WORDS.split())
