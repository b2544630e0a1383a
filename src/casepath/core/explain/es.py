"""Spanish explanations and names, in our own words, at a 6th-grade reading level.

Written for patients in the United States and Latin America: "usted", and
everyday words ("dormir el diente", "frenos", "sacar un diente"). The Flesch-
Kincaid formula is harsh on Spanish, whose words have more syllables, so the
sentences here are shorter than their English ones.
"""

from __future__ import annotations

from typing import Final

from casepath.core.explain.texts import Texts

CODE_NAMES: Final[dict[str, str]] = {
    "D0120": "Examen de control",
    "D0140": "Examen de una zona con problema",
    "D0150": "Primer examen completo",
    "D0180": "Examen completo de las encías",
    "D0210": "Serie completa de rayos X",
    "D0220": "Rayos X de un solo diente",
    "D0274": "Cuatro rayos X de mordida",
    "D0330": "Rayos X panorámicos de toda la boca",
    "D1110": "Limpieza (adulto)",
    "D1120": "Limpieza (niño)",
    "D1206": "Barniz de flúor",
    "D1208": "Tratamiento con flúor",
    "D1351": "Sellador en un diente",
    "D2140": "Empaste plateado, un lado del diente",
    "D2150": "Empaste plateado, dos lados del diente",
    "D2330": "Empaste blanco en un diente de adelante, un lado",
    "D2391": "Empaste blanco en un diente de atrás, un lado",
    "D2392": "Empaste blanco en un diente de atrás, dos lados",
    "D2740": "Corona de cerámica",
    "D2750": "Corona de porcelana sobre metal",
    "D2790": "Corona de oro",
    "D2950": "Base para sostener una corona",
    "D2954": "Poste para sostener una corona",
    "D3310": "Tratamiento de conducto en un diente de adelante",
    "D3320": "Tratamiento de conducto en un premolar",
    "D3330": "Tratamiento de conducto en una muela",
    "D4341": "Limpieza profunda de un cuarto de la boca",
    "D4342": "Limpieza profunda de pocos dientes en un cuarto de la boca",
    "D4910": "Limpieza para cuidar las encías",
    "D5110": "Dentadura completa de arriba",
    "D5120": "Dentadura completa de abajo",
    "D6010": "Implante colocado en el hueso",
    "D6058": "Corona sobre un implante",
    "D6240": "Diente postizo de un puente",
    "D7140": "Extracción de un diente",
    "D7210": "Extracción de un diente con cirugía",
    "D7240": "Extracción de una muela del juicio dentro del hueso",
    "D8080": "Frenos para un niño o joven",
    "D8090": "Frenos para un adulto",
    "D9110": "Visita para calmar el dolor",
    "D9230": "Gas de la risa",
    "D9944": "Protector para la noche",
    "D9972": "Blanqueamiento en el consultorio",
}

CATEGORY_NAMES: Final[dict[str, str]] = {
    "diagnostic": "Examen o prueba",
    "xray": "Rayos X",
    "preventive": "Cuidado preventivo",
    "restorative": "Empaste o reparación",
    "crowns": "Corona",
    "endodontics": "Tratamiento de conducto",
    "periodontics": "Tratamiento de las encías",
    "prosthodontics": "Dentadura o puente",
    "maxillofacial": "Prótesis de la mandíbula o la cara",
    "implants": "Tratamiento con implantes",
    "oral_surgery": "Cirugía de la boca",
    "orthodontics": "Ortodoncia",
    "adjunctive": "Otro tratamiento",
}

GENERIC_NAME: Final = "Tratamiento"

_CROWN_DELAY = (
    "Un diente débil se puede partir. Si la grieta es profunda, tal vez ya no se pueda salvar."
)
_CROWN_EXPECT = (
    "Casi siempre son dos citas. En la primera, le damos forma al diente. "
    "Le ponemos una corona temporal. "
    "En la segunda cita, le ponemos la corona final."
)
_FILLING_WHY = (
    "La caries hizo un hueco en el diente. El empaste lo cierra, y así ya no le duele al morder."
)
_FILLING_DELAY = (
    "Si no se trata, la caries se hace más grande. Puede llegar al nervio. "
    "Tal vez haya que hacer algo más, como una corona."
)
_FILLING_EXPECT = (
    "Es una cita de 30 a 60 minutos. Antes le dormimos el diente, "
    "así que no le va a doler. El labio se le queda dormido unas horas."
)
_ROOT_CANAL_WHY = (
    "Hay una infección o un daño en el centro del diente. "
    "Este tratamiento le quita el dolor y salva el diente."
)
_ROOT_CANAL_DELAY = (
    "La infección puede pasar al hueso, y la cara se le puede hinchar. "
    "El dolor se pone peor. Tal vez haya que sacar el diente."
)
_DEEP_CLEAN_WHY = (
    "Usted tiene las encías enfermas. Bajo la encía hay sarro y gérmenes "
    "que dañan el hueso. Si los sacamos, la encía puede sanar."
)
_DEEP_CLEAN_DELAY = (
    "Con el tiempo, las encías se ponen peor. Se pierde hueso, y los dientes se aflojan y se caen."
)
_DEEP_CLEAN_EXPECT = (
    "Primero le dormimos la zona. Casi siempre hacemos uno o dos cuartos "
    "de la boca por cita. Las encías le pueden doler unos días."
)
_DENTURE_WHY = (
    "Con ella, puede comer, hablar y sonreír. También le da apoyo a los labios y a la cara."
)
_DENTURE_DELAY = (
    "Sin dientes es difícil masticar, y tal vez no coma bien. La cara se puede ver hundida."
)
_REMOVAL_WHY = (
    "El diente está muy roto o tiene una infección, y no se puede salvar. "
    "O hay que sacarlo para otro tratamiento."
)
_REMOVAL_DELAY = (
    "Un diente así puede causar dolor, y la cara se puede hinchar. "
    "La infección se puede pasar a otras partes."
)
_BRACES_WHY = (
    "Los dientes rectos son más fáciles de limpiar. Con una buena mordida, "
    "se come mejor y los dientes no se gastan tanto."
)
_BRACES_EXPECT = (
    "Suele durar de uno a tres años. Hay una cita cada cuatro a ocho semanas. "
    "Tras cada ajuste, los dientes pueden doler unos días. "
    "Al final, un retenedor los deja en su lugar."
)

CODES: Final[dict[str, Texts]] = {
    "D0120": Texts(
        what="El dentista revisa sus dientes, sus encías y su boca. "
        "También ve cómo están sus empastes y coronas.",
        why="Muchos problemas de los dientes no duelen al principio. "
        "En el control, los vemos cuando aún son pequeños y fáciles de tratar.",
        delay="Un problema pequeño puede crecer sin que usted lo note. "
        "Luego, arreglarlo le cuesta más tiempo y más dinero.",
        expect="Dura unos 15 minutos, a menudo en la misma cita de su limpieza. "
        "Casi todos vienen dos veces al año.",
    ),
    "D0140": Texts(
        what="El dentista revisa una zona que le molesta. "
        "Puede ser un diente que le duele o una encía hinchada.",
        why="Hay que saber la causa antes de tratarla. Luego le decimos qué puede hacer.",
        delay="El dolor y la hinchazón suelen ser peores con el tiempo. "
        "Si no se trata, una infección se puede pasar a otras partes.",
        expect="Es una cita corta. Tal vez le tomemos una foto con rayos X. "
        "Le diremos lo que vemos y qué sigue.",
    ),
    "D0150": Texts(
        what="Es un examen completo en su primera cita. "
        "El dentista revisa cada diente, las encías y la mordida. "
        "También vemos si hay signos de cáncer en la boca.",
        why="Así vemos bien toda su boca. Con eso, hacemos un plan de cuidado para usted.",
        delay="Sin este examen, no vemos lo que aún no duele. "
        "Eso puede crecer y costar más después.",
        expect="Dura cerca de una hora. Le preguntamos por su salud "
        "y por las medicinas que toma. Luego le decimos lo que vimos.",
    ),
    "D0180": Texts(
        what="Medimos el espacio entre cada diente y la encía. "
        "También vemos si hay sangre, dientes flojos o pérdida de hueso.",
        why="Las encías enfermas muchas veces no duelen. "
        "Estas medidas nos dicen qué tan sanas están, y qué cuidado les hace falta.",
        delay="Las encías se pueden enfermar sin dolor. "
        "Con el tiempo, los dientes se aflojan y se pueden caer.",
        expect="Dura unos 30 minutos. Con una punta fina, tocamos con cuidado cada diente. "
        "Se siente como un leve toque. No hace falta dormir la boca.",
    ),
    "D0210": Texts(
        what="Es un juego de unas 18 fotos pequeñas con rayos X. "
        "Juntas, muestran cada diente, de punta a raíz, y el hueso que lo rodea.",
        why="Los rayos X muestran lo que no se ve a simple vista. "
        "Así vemos caries entre los dientes, infección en la raíz o pérdida de hueso.",
        delay="Lo que no se ve puede crecer hasta que duele. "
        "Para ese día, el arreglo suele ser más grande.",
        expect="Dura unos 15 minutos. Para cada foto, usted muerde una pieza pequeña. "
        "Usan muy poca radiación.",
    ),
    "D0220": Texts(
        what="Es una foto con rayos X de un solo diente, de arriba hasta la punta de la raíz.",
        why="Nos ayuda a ver la causa del dolor, o un problema en la raíz de ese diente.",
        delay="Sin ella, tal vez no veamos una infección o una grieta. "
        "Hay que ver el problema para tratarlo bien.",
        expect="Tarda uno o dos minutos. Usted muerde una pieza pequeña. Usan muy poca radiación.",
    ),
    "D0274": Texts(
        what="Son cuatro fotos con rayos X de sus dientes de atrás. "
        "Se toman mientras usted muerde.",
        why="Muestran las caries entre los dientes, que no se ven a simple vista. "
        "También muestran cómo está el hueso.",
        delay="La caries entre los dientes puede crecer mucho antes de doler. "
        "Si la vemos tarde, tal vez haga falta una corona en vez de un empaste pequeño.",
        expect="Tarda unos cinco minutos. Casi todos los adultos se las toman una vez al año. "
        "Usan muy poca radiación.",
    ),
    "D0330": Texts(
        what="Es una sola foto grande de toda la boca. "
        "Muestra todos sus dientes y los huesos de la boca, hasta cerca de los oídos.",
        why="Muestra cosas que las fotos pequeñas no ven, como las muelas del juicio. "
        "También nos ayuda a planear implantes y a sacar dientes.",
        delay="Un problema dentro del hueso puede crecer sin dolor. "
        "Si lo vemos a tiempo, es más fácil de tratar.",
        expect="Usted se queda de pie y sin moverse. La máquina gira alrededor de su cabeza. "
        "Tarda menos de un minuto y no le toca la boca.",
    ),
    "D1110": Texts(
        what="Quitamos la placa y el sarro duro de sus dientes. Luego los pulimos.",
        why="El sarro no sale con el cepillo en casa. "
        "Si lo quitamos, es menos fácil tener caries o encías enfermas.",
        delay="El sarro se junta más y más. "
        "Las encías pueden sangrar y hincharse, y se pueden enfermar.",
        expect="Dura de 30 a 60 minutos, y no hace falta dormir la boca. "
        "Casi todos vienen dos veces al año.",
    ),
    "D1120": Texts(
        what="Limpiamos con cuidado los dientes de un niño. "
        "Quitamos la placa y el sarro, y luego los pulimos.",
        why="Los dientes limpios tienen menos caries. "
        "Y el niño se siente más a gusto en cada visita.",
        delay="La placa puede causar caries, aun en los dientes de leche. "
        "Esos dientes guardan el lugar de los de adulto, así que sí importan.",
        expect="Es una cita corta y suave, sin agujas. "
        "Le enseñamos a usted y a su niño a cepillarse bien. "
        "Casi todos los niños vienen dos veces al año.",
    ),
    "D1206": Texts(
        what="Es una capa fina de flúor que le pintamos a los dientes. "
        "El flúor es un mineral que los hace más fuertes.",
        why="Ayuda a frenar las caries antes de que empiecen. "
        "Hasta puede detener una caries que recién empieza.",
        delay="Si los dientes tienen alto riesgo, las caries pueden salir antes. "
        "Esperar un poco no hace daño, pero los dientes no tienen esta ayuda.",
        expect="Tarda un minuto y no duele. "
        "Espere unas horas antes de cepillarse o de comer cosas duras.",
    ),
    "D1208": Texts(
        what="Es un gel o una espuma con flúor que le ponemos en los dientes. "
        "El flúor los hace más duros y los ayuda a no tener caries.",
        why="Baja el riesgo de caries nuevas. Le sirve más si tiene caries a menudo.",
        delay="Sus dientes se quedan sin esta ayuda. "
        "Así, le pueden salir caries nuevas más pronto.",
        expect="Tarda unos minutos y no duele. No coma ni beba nada por 30 minutos.",
    ),
    "D1351": Texts(
        what="Es una capa fina, clara o blanca, que le pintamos a un diente de atrás, "
        "en la parte con la que mastica.",
        why="Los dientes de atrás tienen surcos hondos donde se queda la comida. "
        "El sellador los tapa, y así no se forman caries ahí.",
        delay="La comida y los gérmenes se meten en los surcos y causan caries. "
        "Una caries necesita un empaste, que es más trabajo.",
        expect="Tarda unos minutos por diente, sin agujas ni fresa. "
        "Un sellador dura años. Lo revisamos en cada cita.",
    ),
    "D2140": Texts(
        what="Quitamos la caries y llenamos el hueco con una mezcla de metal, "
        "fuerte y de color plata. El empaste cubre un lado del diente.",
        why=_FILLING_WHY,
        delay=_FILLING_DELAY,
        expect=_FILLING_EXPECT,
    ),
    "D2150": Texts(
        what="Quitamos la caries y llenamos el hueco con una mezcla de metal, "
        "fuerte y de color plata. El empaste cubre dos lados del diente, "
        "muchas veces arriba y a un lado.",
        why=_FILLING_WHY,
        delay=_FILLING_DELAY,
        expect=_FILLING_EXPECT,
    ),
    "D2330": Texts(
        what="Quitamos la caries y llenamos el hueco con un empaste blanco. "
        "Es del mismo color que su diente.",
        why="Frena la caries, y su diente se ve bien otra vez. "
        "No se nota el empaste cuando sonríe.",
        delay="La caries puede ir más hondo. "
        "Luego el diente tal vez necesite un arreglo más grande, como una corona.",
        expect="Es una cita de 30 a 60 minutos. Antes le dormimos el diente. "
        "El empaste ya está duro al salir, así que puede comer cuando se le pase lo dormido.",
    ),
    "D2391": Texts(
        what="Quitamos la caries y llenamos el hueco con un empaste blanco que no se nota. "
        "El empaste cubre un lado del diente.",
        why=_FILLING_WHY,
        delay=_FILLING_DELAY,
        expect=_FILLING_EXPECT,
    ),
    "D2392": Texts(
        what="Quitamos la caries y llenamos el hueco con un empaste blanco que no se nota. "
        "El empaste cubre dos lados del diente, muchas veces arriba y a un lado.",
        why=_FILLING_WHY,
        delay=_FILLING_DELAY,
        expect=_FILLING_EXPECT,
    ),
    "D2740": Texts(
        what="Una corona es una funda que cubre todo el diente. "
        "Esta es toda de cerámica, que es fuerte y se ve como un diente de verdad.",
        why="La corona hace fuerte otra vez a un diente débil o roto. "
        "Así puede masticar sin dolor, y el diente no se rompe.",
        delay=_CROWN_DELAY,
        expect=_CROWN_EXPECT,
    ),
    "D2750": Texts(
        what="Una corona es una funda que cubre todo el diente. "
        "Esta tiene metal por dentro, que le da fuerza. "
        "Por fuera es de porcelana del color del diente.",
        why="La corona hace fuerte otra vez a un diente débil o roto. "
        "Así puede masticar sin dolor, y el diente no se rompe.",
        delay=_CROWN_DELAY,
        expect=_CROWN_EXPECT,
    ),
    "D2790": Texts(
        what="Una corona es una funda que cubre todo el diente. "
        "Esta es de una mezcla de oro, así que se ve de color oro.",
        why="El oro es muy fuerte y no gasta los dientes que muerden contra él. "
        "Es bueno para los dientes de atrás, que trabajan mucho.",
        delay=_CROWN_DELAY,
        expect=_CROWN_EXPECT,
    ),
    "D2950": Texts(
        what="Rellenamos un diente que perdió gran parte de su forma. "
        "Así queda una base firme para la corona.",
        why="Para que la corona se sujete, hace falta una base. Esta le da ese apoyo.",
        delay="Va junto con la corona. "
        "Si la corona se deja para más tarde, el diente débil se puede romper.",
        expect="Se hace en la misma cita en que le damos forma al diente para la corona. "
        "Solo toma unos minutos más.",
    ),
    "D2954": Texts(
        what="Es un poste pequeño que va dentro de la raíz de un diente "
        "que ya tuvo tratamiento de conducto. Sostiene el relleno sobre el que va la corona.",
        why="Si queda poco diente, el poste ayuda a que la corona no se mueva.",
        delay="Sin este apoyo, la corona se puede soltar, o el diente se puede romper.",
        expect="Lo ponemos en la primera cita de la corona. Antes le dormimos el diente.",
    ),
    "D3310": Texts(
        what="Limpiamos la parte blanda de adentro del diente, que se llama pulpa. "
        "Luego la sellamos. El diente se queda en su boca.",
        why=_ROOT_CANAL_WHY,
        delay=_ROOT_CANAL_DELAY,
        expect="Son una o dos citas. Le dormimos bien el diente, "
        "así que se siente casi como un empaste. Puede doler unos días.",
    ),
    "D3320": Texts(
        what="Limpiamos la parte blanda de adentro del diente, que se llama pulpa. "
        "Luego la sellamos. El premolar es un diente que está entre los de adelante "
        "y las muelas.",
        why=_ROOT_CANAL_WHY,
        delay=_ROOT_CANAL_DELAY,
        expect="Son una o dos citas. Le dormimos bien el diente. Puede doler unos días. "
        "Más tarde, el diente suele necesitar una corona.",
    ),
    "D3330": Texts(
        what="Limpiamos la parte blanda de adentro de una muela, que se llama pulpa. "
        "Luego la sellamos. Las muelas tienen tres raíces o más, así que puede tardar más.",
        why=_ROOT_CANAL_WHY,
        delay=_ROOT_CANAL_DELAY,
        expect="Son una o dos citas. Le dormimos bien la muela. Puede doler unos días. "
        "Más tarde, la muela va a necesitar una corona para que no se parta.",
    ),
    "D4341": Texts(
        what="Es una limpieza profunda bajo las encías, en un cuarto de la boca. "
        "Se hace si cuatro dientes o más la necesitan. "
        "Quitamos el sarro de las raíces y las dejamos lisas.",
        why=_DEEP_CLEAN_WHY,
        delay=_DEEP_CLEAN_DELAY,
        expect=_DEEP_CLEAN_EXPECT,
    ),
    "D4342": Texts(
        what="Es una limpieza profunda bajo las encías, para uno a tres dientes "
        "de un cuarto de la boca. Quitamos el sarro de las raíces y las dejamos lisas.",
        why=_DEEP_CLEAN_WHY,
        delay=_DEEP_CLEAN_DELAY,
        expect=_DEEP_CLEAN_EXPECT,
    ),
    "D4910": Texts(
        what="Es una limpieza especial si ya tuvo las encías enfermas. "
        "Limpiamos arriba y abajo de la encía, y vemos cómo está.",
        why="Las encías se pueden volver a enfermar. Estas limpiezas ayudan a que no pase.",
        delay="Los gérmenes se juntan otra vez bajo las encías. "
        "La enfermedad puede volver, y se pierde hueso.",
        expect="Dura cerca de una hora. Casi todos vienen cada tres o cuatro meses.",
    ),
    "D5110": Texts(
        what="Es una dentadura que reemplaza todos sus dientes de arriba. "
        "Se apoya en las encías, y usted se la puede quitar.",
        why=_DENTURE_WHY,
        delay=_DENTURE_DELAY,
        expect="Son varias citas en unas semanas, para hacerla y ver que le quede bien. "
        "Toma tiempo acostumbrarse. Si le roza, la ajustamos.",
    ),
    "D5120": Texts(
        what="Es una dentadura que reemplaza todos sus dientes de abajo. "
        "Se apoya en las encías, y usted se la puede quitar.",
        why=_DENTURE_WHY,
        delay=_DENTURE_DELAY,
        expect="Son varias citas en unas semanas, para hacerla y ver que le quede bien. "
        "La de abajo se mueve más que la de arriba, "
        "así que puede tomar más tiempo acostumbrarse.",
    ),
    "D6010": Texts(
        what="Un implante es un poste pequeño de metal que se pone en el hueso. "
        "Hace de raíz de un diente que falta.",
        why="Le da al diente nuevo una base fuerte. "
        "También ayuda a que el hueso no se encoja donde falta el diente.",
        delay="Donde falta un diente, el hueso se encoge con el tiempo. "
        "Más adelante, tal vez haga falta un injerto de hueso antes del implante. "
        "Los dientes de al lado se pueden correr al hueco.",
        expect="Se pone en una cirugía corta, con la zona dormida. "
        "Luego el hueso crece a su alrededor por tres a seis meses. "
        "Después, le ponemos la corona.",
    ),
    "D6058": Texts(
        what="Es el diente nuevo que va sobre su implante. "
        "Se hace del mismo color que sus otros dientes.",
        why="Llena el hueco, así puede masticar y sonreír. Y los dientes de al lado no se mueven.",
        delay="Los dientes junto al hueco se pueden mover o inclinar. "
        "Su mordida puede cambiar, y le puede costar más masticar.",
        expect="Cuando el implante ya sanó, son dos o tres citas. "
        "No hay que limar sus otros dientes.",
    ),
    "D6240": Texts(
        what="Un puente llena el hueco donde falta un diente. "
        "Este es el diente postizo del medio. "
        "Lo sujetan coronas en los dientes de cada lado.",
        why="Llena el hueco, así puede masticar y sonreír. "
        "Y los dientes cerca del hueco no se mueven.",
        delay="Los dientes se pueden correr al hueco. "
        "Su mordida puede cambiar, y luego es más difícil llenar el hueco.",
        expect="Casi siempre son dos citas. Le damos forma a los dientes de cada lado, "
        "y le ponemos un puente temporal. "
        "En la segunda cita, le ponemos el puente final.",
    ),
    "D7140": Texts(
        what="Sacamos un diente que se ve por encima de la encía.",
        why=_REMOVAL_WHY,
        delay=_REMOVAL_DELAY,
        expect="Le dormimos bien la zona. Va a sentir presión, pero no le debe doler. "
        "La zona sana en una o dos semanas. Le diremos cómo cuidarla.",
    ),
    "D7210": Texts(
        what="Sacamos un diente roto o difícil de alcanzar. "
        "Tal vez haya que abrir la encía o quitar un poco de hueso.",
        why=_REMOVAL_WHY,
        delay=_REMOVAL_DELAY,
        expect="Le dormimos bien la zona. Tal vez le pongamos unos puntos. "
        "Es normal que se hinche un poco por dos o tres días. "
        "Le ayuda comer cosas blandas.",
    ),
    "D7240": Texts(
        what="Las muelas del juicio son las últimas, al fondo de la boca. "
        "Esta aún está dentro del hueso. "
        "Por eso abrimos la encía y quitamos algo de hueso.",
        why="Una muela del juicio atrapada puede causar dolor y una infección. "
        "También puede dañar la muela de al lado.",
        delay="Los problemas pueden empezar sin aviso. "
        "Con la edad, sacarla suele ser más difícil, y se sana más lento.",
        expect="Le dormimos la zona, y tal vez también le den algo para dormir. "
        "Es común que se hinche por unos días. "
        "Casi todos se sienten mejor en una semana.",
    ),
    "D8080": Texts(
        what="Son frenos o alineadores transparentes "
        "que mueven los dientes poco a poco a su lugar.",
        why=_BRACES_WHY,
        delay="Es más fácil mover los dientes y los huesos mientras el niño aún crece. "
        "Más tarde, hay cosas que cuesta más arreglar.",
        expect=_BRACES_EXPECT,
    ),
    "D8090": Texts(
        what="Son frenos o alineadores transparentes "
        "que mueven sus dientes poco a poco a su lugar.",
        why=_BRACES_WHY,
        delay="Los dientes muy juntos son difíciles de limpiar. "
        "Pueden tener caries o encías enfermas. "
        "Una mala mordida puede gastar los dientes con el tiempo.",
        expect=_BRACES_EXPECT,
    ),
    "D9110": Texts(
        what="Es una cita para calmar su dolor pronto. Primero tratamos lo más urgente.",
        why="El dolor es una señal de que algo anda mal. "
        "Esta cita le ayuda a sentirse mejor hasta que tratemos la causa.",
        delay="El dolor suele ser peor con el tiempo. "
        "Una infección se puede pasar a otras partes y ser una urgencia.",
        expect="Es una cita corta, y muchas veces es un primer paso. "
        "Tal vez necesite otro tratamiento luego, para resolver el problema del todo.",
    ),
    "D9230": Texts(
        what="Es un gas que usted respira por una mascarilla pequeña en la nariz. "
        "Le ayuda a estar en calma.",
        why="Calma los nervios, y la cita va mejor. Usted no se duerme y nos puede hablar.",
        delay="Solo se usa en el momento del tratamiento. "
        "Sin él, igual puede tener su tratamiento con la zona dormida.",
        expect="Hace efecto en unos minutos. Se le pasa rápido al quitar la mascarilla, "
        "y casi todos pueden manejar a casa.",
    ),
    "D9944": Texts(
        what="Es un protector de plástico duro, hecho a la medida de sus dientes. "
        "Lo usa mientras duerme.",
        why="Cuida sus dientes si los aprieta o los rechina de noche. "
        "También le puede calmar el dolor de mandíbula y de cabeza.",
        delay="Al rechinar, los dientes se gastan y se pueden partir, "
        "igual que sus empastes. El dolor de mandíbula puede ser peor.",
        expect="Son dos citas cortas. En una, tomamos la forma de sus dientes. "
        "En la otra, le probamos el protector. "
        "Las primeras noches lo puede sentir raro.",
    ),
    "D9972": Texts(
        what="En el consultorio, le ponemos un gel fuerte en los dientes "
        "para que se vean más blancos.",
        why="Aclara los dientes con manchas o de color oscuro. "
        "Es algo que elige para su sonrisa, no una necesidad de salud.",
        delay="Esperar no le hace daño a su salud. "
        "Con el tiempo, las manchas pueden ser más oscuras.",
        expect="Es una cita de una a dos horas. "
        "Los dientes pueden estar sensibles uno o dos días. "
        "Los empastes y las coronas no cambian de color.",
    ),
}

CATEGORIES: Final[dict[str, Texts]] = {
    "diagnostic": Texts(
        what="El dentista revisa sus dientes, sus encías y su boca. "
        "O hace una prueba para saber más.",
        why="Nos ayuda a ver los problemas a tiempo, y a planear el cuidado que le hace falta.",
        delay="Hay problemas que crecen sin dolor. Si los vemos tarde, cuesta más arreglarlos.",
        expect="Casi siempre es una cita corta. Le diremos lo que vemos.",
    ),
    "xray": Texts(
        what="Son fotos que muestran el centro de sus dientes y el hueso que los rodea.",
        why="Muestran lo que no se ve a simple vista, como caries entre los dientes.",
        delay="Lo que no se ve puede crecer hasta que duele. "
        "Para ese día, el arreglo suele ser más grande.",
        expect="Tarda solo unos minutos. Usan muy poca radiación.",
    ),
    "preventive": Texts(
        what="Es el cuidado que mantiene sanos sus dientes y sus encías, "
        "como la limpieza y el flúor.",
        why="Evita los problemas antes de que empiecen. "
        "Eso es más fácil y cuesta menos que tratarlos.",
        delay="Sin este cuidado, es más fácil tener caries o encías enfermas.",
        expect="Son citas cortas que no duelen, casi siempre dos veces al año.",
    ),
    "restorative": Texts(
        what="Arreglamos un diente que tiene caries o algún daño.",
        why="Frena el daño, y así puede masticar bien otra vez.",
        delay="La caries y las grietas crecen. "
        "El diente puede necesitar un arreglo más grande, o se puede perder.",
        expect="Casi siempre es una sola cita. Antes le dormimos el diente.",
    ),
    "crowns": Texts(
        what="Una corona es una funda que cubre todo el diente para cuidarlo.",
        why="Hace fuerte otra vez a un diente débil o roto.",
        delay=_CROWN_DELAY,
        expect="Casi siempre son dos citas. Entre una y otra, usa una corona temporal.",
    ),
    "endodontics": Texts(
        what="Es un tratamiento de la parte blanda de adentro del diente y de sus raíces.",
        why="Quita la infección y el dolor, y así no hay que sacar el diente.",
        delay="La infección se puede pasar a otras partes, y el diente se puede perder.",
        expect="Son una o dos citas, con la zona dormida. El diente puede doler unos días.",
    ),
    "periodontics": Texts(
        what="Es el cuidado de sus encías y del hueso que sujeta sus dientes.",
        why="Si las encías y el hueso están sanos, los dientes se quedan en su lugar.",
        delay="Con las encías enfermas, se puede perder hueso y los dientes se aflojan.",
        expect="Si hace falta, le dormimos la zona. Las encías le pueden doler unos días.",
    ),
    "prosthodontics": Texts(
        what="Son dientes nuevos en lugar de los que faltan, como una dentadura o un puente.",
        why="Con ellos puede comer, hablar y sonreír. Y los otros dientes no se mueven.",
        delay="Los dientes se pueden correr a los huecos, y le cuesta más masticar.",
        expect="Son varias citas para hacer los dientes nuevos y ver que le queden bien.",
    ),
    "maxillofacial": Texts(
        what="Es una pieza hecha a su medida. Va en lugar de una parte que falta "
        "de la boca, la mandíbula o la cara.",
        why="Le ayuda a comer, hablar y verse como usted. "
        "Tal vez la necesite tras una cirugía, un golpe, o algo con lo que nació.",
        delay="Comer y hablar le pueden seguir costando. "
        "Luego puede ser más difícil que le quede bien, porque la zona cambia.",
        expect="Son varias citas para medir, hacer y ajustar la pieza. "
        "Muchas veces le ayuda un equipo de expertos.",
    ),
    "implants": Texts(
        what="Un implante es un poste que se pone en el hueso y hace de raíz. "
        "Sobre él va un diente nuevo.",
        why="Le da un diente en lugar del que falta, que se siente y sirve casi como el suyo.",
        delay="Donde falta un diente, el hueso se encoge. "
        "Eso puede hacer más difícil poner un implante luego.",
        expect="El implante se pone en una cirugía corta. "
        "Sana de tres a seis meses antes de poner el diente nuevo.",
    ),
    "oral_surgery": Texts(
        what="Es una cirugía en la boca, como sacar un diente.",
        why="Trata un problema que no se puede arreglar de una forma más simple.",
        delay="El dolor y la infección pueden ser peores, y se pueden pasar a otras partes.",
        expect="Le dormimos bien la zona. Es común que se hinche y duela unos días.",
    ),
    "orthodontics": Texts(
        what="Son frenos o alineadores transparentes "
        "que mueven sus dientes poco a poco a un mejor lugar.",
        why="Los dientes rectos son más fáciles de limpiar, y ayudan a morder bien.",
        delay="Los dientes muy juntos y una mala mordida pueden ser peores con el tiempo.",
        expect="Hay una cita cada pocas semanas, por uno a tres años. "
        "Luego, un retenedor deja los dientes en su lugar.",
    ),
    "adjunctive": Texts(
        what="Es un cuidado que ayuda a su tratamiento, como el gas para calmarse "
        "o un protector de noche.",
        why="Puede hacer que su cuidado sea más seguro, más fácil, o que dure más.",
        delay="Pregúntenos qué pasa si espera.",
        expect="Antes de empezar, le diremos qué va a pasar.",
    ),
}

GENERIC: Final = Texts(
    what="Es un tratamiento que su dentista le sugiere.",
    why="Su dentista le dirá por qué le hace falta para su salud.",
    delay="Pregúntenos qué puede pasar si espera.",
    expect="Antes de empezar, le diremos cada paso.",
)
