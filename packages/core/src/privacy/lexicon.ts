/**
 * Word lists for the name and address detectors, written for Baton (no third-party data): common given
 * names and surnames across the languages Baton's customers write in, words that are capitalised without
 * being names, and the vocabulary of postal addresses. Compact by design: context and capitalisation do most
 * of the work; the lists break ties.
 */
const set = (words: string): ReadonlySet<string> =>
  new Set(
    words
      .trim()
      .split(/\s+/)
      .map((w) => w.toLowerCase()),
  );

/** Common given names (English, Spanish, Portuguese, French, German, Italian, Nordic, Slavic, Dutch ...). */
export const GIVEN_NAMES = set(`
james john robert michael william david richard joseph thomas charles christopher daniel matthew anthony mark
donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan jacob gary
nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory alexander frank patrick raymond
jack dennis jerry tyler aaron jose adam nathan henry douglas zachary peter kyle ethan walter noah jeremy christian
keith roger terry gerald harold sean austin carl arthur lawrence dylan jesse jordan bryan billy joe bruce gabriel
logan albert willie alan juan wayne elijah randy roy vincent ralph eugene russell bobby mason philip louis harry
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty margaret sandra ashley
kimberly emily donna michelle carol amanda dorothy melissa deborah stephanie rebecca sharon laura cynthia kathleen
amy angela shirley anna brenda pamela emma nicole helen samantha katherine christine debra rachel carolyn janet
catherine maria heather diane ruth julie olivia joyce virginia victoria kelly lauren christina joan evelyn judith
megan andrea cheryl hannah jacqueline martha gloria teresa ann sara madison frances kathryn janice jean abigail
alice judy sophia grace denise amber doris marilyn danielle beverly isabella theresa diana natalie brittany
charlotte marie kayla alexis lori alex sam chris pat jamie taylor morgan casey jordan robin kim lee
ana carmen lucia sofia isabel paula laura elena marta cristina pilar rosa antonio manuel francisco javier miguel
carlos jesus alejandro rafael pedro angel fernando pablo luis sergio jorge alberto alvaro diego adrian raul enrique
ramon vicente andres joaquin santiago eduardo ignacio victor roberto mario guillermo arturo gonzalo emilio
joao pedro tiago rui nuno goncalo ines beatriz mariana leonor matilde catarina joana margarida rafaela
jean pierre michel philippe alain nicolas francois christophe sebastien stephane frederic laurent julien olivier
thierry eric vincent pascal antoine mathieu guillaume marie nathalie isabelle sylvie catherine francoise valerie
christine sandrine sophie celine veronique chantal camille julie aurelie emilie claire lea chloe manon ines
hans peter klaus michael thomas wolfgang andreas stefan jurgen dieter uwe frank bernd ralf markus matthias
tobias florian sebastian jan lukas leon felix maximilian paul jonas finn niklas ursula monika petra sabine
karin renate heike andrea birgit claudia susanne gabriele anja katrin stefanie julia lena leonie laura
giuseppe giovanni luca marco francesco alessandro andrea matteo lorenzo davide simone federico riccardo
stefano paolo roberto salvatore vincenzo giulia chiara francesca federica sara valentina alessia silvia elisa
anna martina giorgia ilaria alessandra paola rosa angela
lars anders erik per nils johan karl sven olof jan henrik mikael fredrik magnus oskar axel gustav hugo elias
emil viktor bjorn jens morten soren niels rasmus mads ole kjell arne knut harald sigurd leif einar gunnar
ingrid astrid sigrid karin kristina birgitta ingeborg eva marit kari hilde ida maja elsa ebba freja alma
saga linnea agnes klara wilma signe liv nora tuva aino eino juha mikko matti jukka pekka timo antti kari
ivan dmitri sergei alexei andrei mikhail nikolai vladimir yuri igor oleg pavel boris maxim artem anton
olga natalia elena irina tatiana svetlana anastasia ekaterina marina yulia daria ksenia alina polina
piotr pawel krzysztof tomasz marcin michal jakub grzegorz lukasz adam wojciech katarzyna agnieszka malgorzata
joanna magdalena aleksandra zofia jiri petr josef pavel martin tomas jaroslav milan lucie jana petra tereza
eszter katalin zsofia laszlo istvan zoltan gabor attila bence
willem johannes cornelis hendrik pieter jeroen bas sander ruud daan sem lotte fleur sanne femke anouk
mohammed muhammad ahmed ali omar hassan hussein ibrahim yusuf fatima aisha zainab mariam layla noor
wei li ming hui yan jun hiroshi takashi yuki haruto yuto sakura yui hina aoi ren kenji akira
raj rahul amit arjun vikram priya anjali pooja neha sunita deepak sanjay ravi
dale crystal erin
connor liam lucas oliver jacob owen caleb luke isaac hunter jaxon levi eli landon colton carter wyatt
nolan chase cameron blake brody grayson hudson easton cooper parker jace miles bentley dominic xavier
jaden ian evan gavin carson tristan declan cole max leo archie oscar freddie alfie theo harrison reuben
stanley edgar frederick herbert leonard howard marvin melvin lloyd clarence earl curtis leroy glenn
travis shane derek brett troy darren neil colin graham nigel trevor clive gordon stuart duncan angus
hamish rory callum finlay ewan cormac conor seamus niall ciaran darragh eoin fergus padraig aoife siobhan
niamh saoirse ciara orla roisin grainne sinead
ava mia harper evelyn ella scarlett aria chloe zoey nora lily hazel violet aurora savannah audrey brooklyn
bella claire skylar lucy paisley everly caroline nova genesis emilia kennedy maya willow kinsley naomi
aaliyah elena ariana allison gabriella sadie hailey autumn quinn nevaeh piper ruby serenity eva leah
josephine delilah stella valentina madeline jade eliana vivian cora molly ivy clara hope esther edith
florence mabel agnes gladys mildred ethel irene vera norma lois phyllis wanda bonnie peggy joanne
tracy tracey stacy wendy tammy tina tanya gina regina erica monica veronica jill jenna kristen kristin
krista tiffany brandy misty leslie lesley holly kara tara lindsay lindsey whitney courtney brittney
chelsea kelsey alison allison meredith miranda marissa melanie vanessa sabrina jasmine alicia felicia
yvonne yvette colette odette juliette bernadette annette georgette antoinette henriette ginette
mette inger kirsten kristine birthe lone hanne bente tove grethe lene pia dorte susanne trine signe
sofie emma ida freja laerke nanna asta frida vigga alberte josefine olga
jens poul henning flemming preben torben jorgen ole bent erling steen kasper frederik christoffer
mikkel jesper rune bo kim thor gorm
sindre eirik vegard haakon havard torstein asbjorn oystein trond geir stig per-erik jon-erik
halldor gunnar sigurdur olafur kristjan bjarni einar jon helgi thorsteinn gudmundur gudrun sigridur
kristin margret helga anna bryndis asdis thora ragnheidur
aino aili anneli helena hanna johanna kaisa katja laila leena liisa maarit marja merja minna noora
paivi pirjo riitta sari satu tarja tiina tuula ulla eija kaija
aleksi eero ilkka jari jarmo kalle lauri markku olli pasi petri sami seppo tapio teemu tuomas veikko
ville jussi heikki hannu kimmo raimo
ahmet mehmet mustafa emre burak murat hakan cem kemal osman yusuf zeynep elif ayse fatma emine hatice
merve esra busra selin ebru
dimitris giorgos nikos kostas yannis panagiotis christos vasilis eleni maria katerina sofia despina
georgia ioanna athina dimitra
andrzej stanislaw tadeusz zbigniew jerzy ryszard marek dariusz mariusz slawomir kazimierz wieslaw
dorota ewa elzbieta barbara krystyna teresa halina irena beata jolanta grazyna danuta kinga
jaroslava vera hana eva marie alena libuse ludmila zdenka vaclav ladislav miroslav frantisek zdenek
stanislav karel antonin bohumil radek vojtech ondrej
ferenc janos gyorgy sandor jozsef imre gyula tibor lajos bela mihaly andras peter gergely balazs
erzsebet ilona maria eva anna zsuzsanna agnes judit krisztina timea reka
bojan dragan goran milan nenad zoran dusan marko luka nikola stefan ana ivana jelena mirjana snezana
tatjana vesna maja mateja spela urska nina tina petra
anton vladislav stanislav yaroslav konstantin gennady valery leonid arkady evgeny fyodor ilya
lyudmila galina nadezhda valentina zoya raisa inna larisa alla
lukas matej juraj peter jan ondrej filip dominik samuel adam
koen joost stijn thijs wouter maarten bram lars rik tim tom nick daan ruben gijs sven
wilhelmina geertje aaltje hendrika johanna cornelia neeltje maaike marieke esther ilse inge
jurgen gunther helmut horst manfred rainer werner joachim heinz dietrich siegfried reinhard rudolf
gisela ingrid brigitte helga hildegard elke gertrud irmgard erika waltraud hannelore margarete
kai jannik jannis lennart malte henrik
giacomo pietro carlo enzo fabio franco gianni luigi massimo nicola sergio tommaso vittorio
giuliana lucia rosa teresa antonella carla daniela donatella gabriella graziella lorenza marisa
mauro michele ottavio patrizia raffaella renata rita sabrina serena simona stefania tiziana
hugo jules louis gabriel arthur raphael leo adam paul nathan ethan theo noah maxime romain benoit
cedric didier fabien gilles herve jerome ludovic remi sylvain xavier yannick
brigitte colette denise genevieve jacqueline josiane madeleine martine monique nicole odile simone
yvonne agathe amelie anais clemence eloise emma louise margaux oceane pauline
alejandra beatriz claudia consuelo dolores esperanza guadalupe josefa lourdes mercedes montserrat
nuria rocio soledad veronica ximena yolanda
agustin benito cesar esteban federico felipe gustavo hector hugo jaime julio lorenzo marcos martin
mateo nicolas octavio ricardo rodrigo salvador tomas valentin
joaquim sebastiao paulo marcelo rodrigo bruno thiago felipe gustavo leandro vinicius
aparecida conceicao fernanda gabriela juliana leticia luciana patricia renata simone vanessa
hiroko yoko keiko kazuko michiko akiko naoko tomoko yumiko sachiko emi mai rin mio saki nanami
haruka misaki takeshi satoshi kazuo makoto masato noboru osamu ryo shota sho tatsuya yusuke daiki
ichiro jiro saburo yoshiro
xiaoming jian jie lei hao yong qiang ping fang jing lan ling mei na xiu ying yu hua
minjun seojun jiho jiwoo seoyeon minseo jiyoung hyun jin soo young min
aditya akash anil arun ashok gaurav harish karan manish mohan naveen nikhil prakash rajesh rakesh
ramesh rohit sachin sandeep sunil suresh vijay vinod
aarti ananya divya kavita lakshmi meena nisha radha rekha sangeeta shalini shweta sneha sushma
usha
abdullah ahmad amir bilal hamza karim khalid mahmoud mustafa nasser omar rashid saeed tariq waleed
yasmin amira dina farah hala huda leila nadia rania salma samira sara yasmine
abebe chinedu emeka kwame kofi olusegun oluwaseun tunde yaw amara chiamaka ngozi nia zuri
`);

/** Common surnames (US Census top names and frequent European ones). */
export const SURNAMES = set(`
smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez wilson
anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark ramirez lewis
robinson walker young allen king wright scott torres nguyen hill flores green adams nelson baker hall rivera
campbell mitchell carter roberts gomez phillips evans turner diaz parker cruz edwards collins reyes stewart
morris morales murphy cook rogers gutierrez ortiz morgan cooper peterson bailey reed kelly howard ramos kim
cox ward richardson watson brooks chavez wood james bennett gray mendoza ruiz hughes price alvarez castillo
sanders patel myers long ross foster jimenez powell jenkins perry russell sullivan bell coleman butler
henderson barnes gonzales fisher vasquez simmons romero jordan patterson alexander hamilton graham reynolds
griffin wallace moreno west cole hayes bryant herrera gibson ellis tran medina aguilar stevens murray ford
castro marshall owens harrison fernandez mcdonald woods washington kennedy wells vargas henry chen freeman
webb tucker guzman burns crawford olson simpson porter hunter gordon mendez silva shaw snyder mason dixon
munoz hunt hicks holmes palmer wagner black robertson boyd rose stone salazar fox warren mills meyer rice
schmidt garza daniels ferguson nichols stephens soto weaver ryan gardner payne grant dunn kelley spencer
hawkins arnold pierce vazquez hansen peters santos hart bradley knight elliott cunningham duncan armstrong
hudson carroll lane riley andrews alvarado ray delgado berry perkins hoffman johnston matthews pena richards
willis carpenter lawrence sandoval
muller mueller schneider fischer weber wagner becker schulz hoffmann koch richter klein wolf schroder neumann
schwarz zimmermann braun kruger hofmann hartmann lange schmitt werner krause meier lehmann
rossi russo ferrari esposito bianchi romano colombo ricci marino greco bruno gallo conti costa giordano
mancini rizzo lombardi moretti
dubois durand leroy moreau simon laurent lefebvre michel bertrand roux vincent fournier girard bonnet
dupont lambert fontaine rousseau blanc guerin muller henry
jansen visser smit meijer bakker mulder bos vos peters hendriks dekker dijkstra
hansen johansen olsen larsen andersen pedersen nielsen kristensen jensen petersen rasmussen sorensen
andersson johansson karlsson nilsson eriksson larsson olsson persson svensson gustafsson pettersson jonsson
lindberg lindstrom lindqvist magnusson berg dahl haugen hagen johannessen korhonen virtanen makinen nieminen
ivanov smirnov kuznetsov popov sokolov lebedev kozlov novikov morozov petrov volkov solovyov vasiliev
nowak kowalski wisniewski wojcik kowalczyk kaminski lewandowski zielinski szymanski wozniak dabrowski
novak svoboda novotny dvorak cerny prochazka kucera vesely horvat kovacs szabo toth nagy varga molnar
silva santos oliveira souza pereira ferreira alves costa rodrigues martins gomes lima ribeiro carvalho
almeida lopes soares fernandes vieira barbosa rocha dias nascimento
murphy kelly sullivan walsh obrien byrne ryan oconnor doyle mccarthy gallagher doherty kennedy lynch
wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin luo
sato suzuki takahashi tanaka watanabe ito yamamoto nakamura kobayashi kato yoshida yamada sasaki
singh kumar sharma gupta shah mehta khan ahmed ali hussain
george chapman lynch burke hanson ramsey
wells fleming sherman burton watts lyons schultz
hopkins weeks holland warner gilbert fuller wheeler hammond lambert norris craig fletcher barker
bishop fowler harper carr hoffman lawson barrett mccoy newman owen reid walsh walters wade
barber bowman cain curtis douglas drake floyd francis franklin frazier garrett glover gregory
hampton harmon harrington haynes higgins hodges holt horton houston ingram jacobs jennings keller
klein lindsey lowe lucas malone manning maxwell mccormick mcgee mckinney
mcdaniel miles morton munoz newton norton obrien oneal osborne padilla parsons patton pearson
phelps pittman poole quinn ramsey randall reeves rhodes richards robbins roberson rowe shelton
sims skinner stanley steele stokes strickland sutton swanson terry thornton todd
townsend tyler vaughn wade walton watkins webster whitaker wilkins wilkerson williamson wolfe
woodard yates york zimmerman bauer fuchs vogel keller frank berger kaiser lorenz hahn schubert
winkler roth beck lang baumann franke albrecht ludwig simon graf kraus busch vogt sommer haas
pavlov fedorov mikhailov andreev alekseev romanov sergeev zaitsev pavlova ivanova petrova smirnova
horvath nemeth farkas balogh papp takacs juhasz lakatos meszaros olah simon racz fekete
kowalska nowakowski pawlak michalski krol wieczorek jablonski majewski olszewski jaworski malinowski
gorski rutkowski sikora baran duda szewczyk tomaszewski pietrzak marciniak wrobel zajac
dvorakova novakova svobodova horak nemec marek pospisil hajek jelinek kral ruzicka benes fiala
sedlacek dolezal zeman kolar navratil cermak urban blazek kriz kovac
jovanovic petrovic nikolic markovic djordjevic stojanovic ilic stankovic pavlovic milosevic
babic juric kovacevic knezevic vukovic marković tomic kralj
papadopoulos papadakis georgiou dimitriou nikolaou ioannou konstantinou christodoulou
yilmaz kaya demir sahin celik yildiz yildirim ozturk aydin ozdemir arslan dogan kilic aslan
virtanen hamalainen laine heikkinen koskinen jarvinen lehtonen lehtinen saarinen salminen
heinonen niemi heikkila kinnunen salonen turunen salo laitinen tuominen rantanen karjalainen
jonsdottir sigurdsson gudmundsson olafsson magnusdottir einarsson
mortensen madsen christensen poulsen johansen knudsen thomsen christiansen larsen jakobsen
bakke berge halvorsen moen solberg strand eide lie dahl lund holm sandberg strom lindgren
bergstrom lundberg lindholm forsberg sjoberg engstrom nystrom holmberg ekstrom
de jong de vries van dijk bos hendriks van leeuwen kok janssen verhoeven
martinelli barbieri fontana santoro mariani rinaldi caruso ferrara galli leone longo gentile
lombardo martini serra vitale coppola de luca
navarro dominguez gil vazquez serrano blanco molina ortega delgado castro ortiz rubio marin
sanz iglesias nunez medina garrido cortes castillo santos lozano guerrero cano prieto mendez
cruz calvo gallego vidal leon herrera marquez pena flores cabrera campos vega fuentes carrasco
diez caballero reyes aguilar pascual santana herrero montero lorenzo hidalgo gimenez ibanez
ferrer duran vicente
costa carvalho teixeira moreira correia mendes nunes cardoso pinto monteiro machado
lefevre mercier dupuis fabre andre francois gauthier garnier chevalier faure robin clement
morel nicolas perrin masson marchand duval denis lemaire
tanaka nakamura ogawa okada hayashi shimizu yamaguchi matsumoto inoue kimura abe mori ikeda
hashimoto ishikawa maeda fujita goto okamoto hasegawa murakami kondo ishii sakamoto endo aoki
fujii nishimura fukuda ota miura fujiwara okamoto matsuda nakagawa
kim lee choi kang cho yoon jang lim seo shin kwon hwang ahn yoo hong
nguyen tran pham hoang phan vu dang bui ngo duong
okafor okonkwo adeyemi mensah boateng owusu acheampong diallo traore kamara
`);

/**
 * Words that are often capitalised but are not names: sentence starters, pronouns, days, months, greetings,
 * words of titles and headings, customer-service vocabulary.
 */
export const NOT_NAMES = set(`
i a an the this that these those there here it its he she they we you your my our his her their me us them
him who what when where why how which whose whom if then than so but and or nor not no yes ok okay please
thanks thank hello hi hey dear hiya bye goodbye regards best cheers sincerely yours sir madam team
is are was were be been being am do does did done have has had having will would shall should can could
may might must let lets get got go going gone come came make made take took see saw know knew think thought
want need like love hate feel tell told ask asked say said call called give gave find found help keep
put use used try tried work works worked start stop pay paid send sent show read write buy sell move live
lived turn set leave meet run
monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday tonight morning evening
january february march april june july august september october november december
mr mrs ms miss dr prof mx st
new old good great bad big small little long short high low first last next other another same different
all any some every each both either neither many much more most few less least own only just also very
really still even ever never always sometimes often again already soon now later once twice
one two three four five six seven eight nine ten hundred thousand million
in on at to for from by with about into over under after before between through during without within
along across behind beyond up down out off above below near since until upon via per
order orders account accounts card cards payment payments refund refunds invoice bill billing delivery
package parcel shipping subscription plan service services support customer customers agent agents manager
bank email phone number address password login app website site internet online store shop product products
price prices issue issues problem problems question questions help desk ticket tickets status update
name names user users admin bot chat message messages
street road avenue lane drive apartment suite unit box floor city state country zip
company group club orchestra university school college hospital church museum hotel restaurant
inc corp ltd llc gmbh plc co org net com
north south east west northern southern eastern western central
god christmas easter devil ssn personal info republic kingdom states united union article treaty
cool unfortunately c'mon princess royal day statement mission data public explorer website phone e-mail fax
oh ah aha wow um uh hmm yeah yep yup nope well sure alright great nice
mobile office home work bot user
someone somebody anyone anybody everyone everybody nobody noone human humans person people im ive
`);

/** Words that, following a capitalised sequence, make it an organisation rather than a person. */
export const ORG_WORDS = set(`
inc inc. corp corp. corporation ltd ltd. llc plc gmbh ag sa s.a. co co. company group holdings partners
systems technologies technology solutions services industries international bank insurance capital
orchestra club university college school institute foundation association society hospital clinic
hotel restaurant cafe bar market markets labs media networks software consulting associates brothers
investments investment ventures enterprises trust financial advisors lines airlines motors
`);

/** Country and nationality words: capitalised, but places and groups rather than people. */
export const PLACES = set(`
afghanistan albania algeria argentina armenia australia austria azerbaijan bangladesh belarus belgium
bolivia bosnia brazil bulgaria cambodia cameroon canada chile china colombia croatia cuba cyprus czechia
czech denmark ecuador egypt england estonia ethiopia finland france georgia germany ghana greece
greenland guatemala haiti honduras hungary iceland india indonesia iran iraq ireland israel italy jamaica
japan jordan kazakhstan kenya korea kosovo kuwait latvia lebanon libya lithuania luxembourg madagascar
malaysia mali malta mexico moldova monaco mongolia montenegro morocco mozambique nepal netherlands holland
nicaragua niger nigeria norway pakistan panama paraguay peru philippines poland portugal qatar romania
russia rwanda scotland senegal serbia singapore slovakia slovenia somalia spain sudan sweden switzerland
syria taiwan tanzania thailand tunisia turkey uganda ukraine uruguay uzbekistan venezuela vietnam wales
yemen zambia zimbabwe africa america asia europe usa uk us
american british english french german spanish italian portuguese dutch swedish norwegian danish finnish
icelandic polish czech slovak slovenian hungarian russian ukrainian greek turkish chinese japanese korean
indian brazilian mexican canadian australian irish scottish welsh belgian swiss austrian croatian serbian
romanian bulgarian estonian latvian lithuanian arab arabic jewish muslim christian catholic european
african asian latin
london paris berlin madrid rome lisbon amsterdam brussels vienna prague warsaw budapest stockholm oslo
copenhagen helsinki dublin edinburgh athens istanbul moscow tokyo beijing delhi sydney toronto chicago
zealand emirates arabia islands
boston seattle denver dallas houston miami atlanta york angeles francisco
`);

/** Street types in many languages; a number next to one is the strongest sign of a street address. */
export const STREET_WORDS = set(`
street st st. str str. road rd rd. avenue ave ave. av av. lane ln ln. drive dr. boulevard blvd blvd. court ct
ct. place pl pl. square sq terrace way highway hwy parkway pkwy circle cir trail trl crescent close row
hill gardens grove path pike plaza alley walk mews rapids ridge heights point park parade esplanade wharf
quay loop bend crossing estates meadows view vista run branch bridge brook creek falls ferry fork glen
harbor haven island junction key knoll lake landing light lodge manor mill mount mountain orchard pass
pine port prairie ranch shore spring springs station summit turnpike valley village ville
via viale vicolo piazza corso largo strada rua avenida travessa largo calle carrer paseo plaza camino
rue chemin allee allée impasse quai cours
strasse straße weg gasse platz allee ring damm ufer
laan straat gracht plein kade dreef singel
gade vej alle torv vei veien gata gatan vägen väg torget
katu tie kuja
utca út útja tér köz
ul ul. ulica aleja al. plac trg cesta ulice náměstí
u. körút krt krt. sor sétány kapu tee mnt mnt. pst pst. πλατεία οδός λεωφόρος
alley allee anex arcade bayou beach bluff bluffs bottom brooks burg bypass canyon cape causeway center centre
circles cliff cliffs commons corner corners courts cove coves crest crossroad curve dale dam divide drives
expressway extension extensions field fields flat flats ford fords forest forges forks freeway garden
gateway glens greens groves harbors harbour heights hills hollow inlet islands isle junctions keys knolls
lakes lane lanes lodge loop mall manors meadow mills motorway mountains neck oval overpass parks parkways
passage pines plain plains points ports ridges river roads route shoals shores skyway spur spurs squares
stravenue stream streets throughway trace track trafficway trailer tunnel underpass valleys viaduct views
villages walks ways
aly anx arc byu bch bnd blf btm brg brk byp cyn cpe cswy ctr clf cmn crse cts cv crk cres crst xing curv expy
fls fry fld flds flt frd frst frg frk fwy gdn gdns gtwy gln grn grv hbr hvn hts hl hls holw inlt jct kys knl
lks lndg lgt ldg mnr mdw mdws mls msn mtwy mtn nck orch opas psge pne pnes pln plns plz pts prt radl rnch rpd
rpds rdg riv rds rte shl shr shrs skwy spg spgs sta stra strm smt ter trwy trce trak trfy trlr tunl tpke upas
vly vw vlg vis wls
`);

/** US state and Canadian province codes: "Springfield, IL 62704", "Ottawa, ON K1A 0B1". */
export const REGION_CODES = set(`
al ak az ar ca co ct de fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne nv nh nj nm ny nc nd oh ok
or pa ri sc sd tn tx ut vt va wa wv wi wy dc pr gu vi aa ae ap
ab bc mb nb nl ns nt nu on pe qc sk yt
`);

/** Suffixes that mark a street name written as one word (Koskikatu, Hammarvägen, Brixtonlaan ...). */
export const STREET_SUFFIXES = [
  'katu',
  'tie',
  'kuja',
  'vägen',
  'gatan',
  'gata',
  'veien',
  'vegen',
  'vej',
  'gade',
  'laan',
  'straat',
  'gracht',
  'straße',
  'strasse',
  'weg',
  'gasse',
  'platz',
  'allee',
  'damm',
  'utca',
  'torget',
  'stræde',
];

/** Words for the parts of an address that are not the street. */
export const UNIT_WORDS = set(`
apt apt. apartment suite ste ste. unit box p.o. po floor fl flat room rm bldg building house no. nr
psc dpo apo fpo lot dept pmb rr hc
`);

/**
 * Everyday English words that Title Case headings, product names and organisation names capitalise
 * ("Bright Energy Finance", "Drama & Romance", "Traveller Reviews"). A capitalised word from this list is no
 * evidence of a name unless the name lexicons also hold it ("Baker", "Rose"). Written for Baton.
 */
export const COMMON_WORDS = set(`
action adventure animation comedy drama family kids mystery suspense horror thriller romance fantasy fiction
documentary music musical history science nature sport sports news weather travel food health fitness
business finance financial economic economics money market trade traffic transit transport energy power
water fire earth air light dark shadow shadows dimension dimensions tale tales story stories book books novel
song songs album band record records report reports review reviews journal times post daily weekly monthly
world global national international local regional federal general public private social digital mobile
data analytics research resources insight insights intelligence information technology tech software hardware
network networks cloud web net online systems system solutions solution services service consulting partners
partner ventures venture capital holdings holding group industries industry products product labs lab works
agency office offices department ministry council committee commission board authority administration
institute center centre foundation trust fund funds association alliance union federation society league
club team academy studio studios media press publishing entertainment pictures films film games game
home house garden kitchen design designs creative art arts culture education learning school schools
medical care healthcare clinic pharmacy bio life living insurance security safety defense defence
environmental environment green clean smart open free first best new next future modern classic premier
prime united american royal imperial standard general advanced applied integrated strategic global
consumer customer client clients user users people person human community citizens children child men women man woman
american european asian african pacific atlantic northern southern eastern western central coastal
mountain river valley lake ocean sea island bay forest field fields park city town village county state
street avenue road bridge tower square station airport port harbour harbor
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday spring summer autumn fall winter
morning evening night noon afternoon weekend holiday christmas easter
ceo cfo cto coo vp director manager engineer consultant officer president chairman founder owner
doctor nurse teacher professor student lawyer attorney judge officer sergeant captain general
secretary assistant analyst architect developer designer specialist technician administrator
chief senior junior head lead principal executive associate staff member members
account accounts bank banking card cards credit debit loan loans mortgage payment payments invoice
order orders delivery shipping package parcel return returns refund refunds subscription plan plans
support help desk ticket issue problem question answer request complaint feedback
english french german spanish italian portuguese dutch chinese japanese korean russian arabic
thanks thank please sorry welcome hello goodbye yes no okay
true false total final full real main major minor key core
date time subject note notes total amount reference
stock shares share price prices value values cost costs sale sales deal deals offer offers
vegan organic fresh natural pure simple quick easy fast direct express
gold silver diamond star stars sun moon sky rain snow wind storm
urgent important serious sorry sure fine ok okay ready done busy tired happy sad angry upset mad late early
back here there home away out stuck lost confused annoyed desperate correct wrong right sick ill glad afraid
debate review investigation construction control pressure warranty contract discussion repair maintenance
consideration attack arrest age budget guarantee oath way stress treatment
`);

/** Words after a capitalised run that make it an organisation, a product or a place ("the Acme office"). */
export const ORG_NEXT = set(`
office offices website site app store stores shop headquarters hq branch stock shares platform brand
orchestra band choir company agency firm group
`);

/**
 * Card schemes, wallets and large consumer brands that customers name in support chats ("my Visa card", "paid
 * with Apple Pay"): capitalised single words that are not people. Written for Baton.
 */
export const BRANDS = set(`
visa mastercard maestro amex discover diners unionpay jcb paypal venmo zelle stripe klarna revolut
google apple amazon microsoft samsung facebook instagram whatsapp telegram twitter tiktok youtube
netflix spotify uber lyft airbnb ebay etsy shopify alibaba aliexpress iphone ipad android windows gmail
outlook hotmail yahoo icloud wifi wi-fi bluetooth atm atms sepa bacs chaps iban
`);

/** Verbs that follow a person as the subject ("Tarek had given", "Oduya began writing"). */
export const PERSON_VERBS = set(`
said says told asked answered replied wrote writes began begins started starts had
went goes came comes gave gives got gets took takes made makes met meets called calls wants wanted needs
needed lives lived works worked thinks thought knows knew loves loved likes liked hates hated tried tries
decided agreed refused died born married left arrived returned moved speaks spoke sings sang plays played
visited visits sent sends bought buys paid pays lost found saw sees heard hears felt feels joined joins
flew flies drove drives walked walks ran runs stayed stays travelled traveled signed ordered booked emailed
phoned rang wrote texted cancelled canceled complained reported opened closed ordered received
`);
