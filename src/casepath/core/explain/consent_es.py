"""Spanish default consent texts, one per procedure category (6th-grade level).

The same content as consent_en.py, written in plain Spanish ("usted").
"""

from __future__ import annotations

from typing import Final

from casepath.core.explain.texts import ConsentText

CONSENT: Final[dict[str, ConsentText]] = {
    "diagnostic": ConsentText(
        title="Su permiso para exámenes y pruebas",
        risks=(
            "Un examen no le hace daño. Algunas pruebas pueden causar una molestia corta.",
            "Un examen tal vez no encuentre todos los problemas.",
        ),
        benefits=(
            "Encuentra los problemas a tiempo, cuando son más fáciles de tratar.",
            "Nos ayuda a planear el cuidado correcto para usted.",
        ),
        alternatives=(
            "Puede tener un examen más corto de una sola zona.",
            "Puede elegir no hacerse el examen.",
        ),
        refusal=(
            "Puede haber problemas que no veamos y que crezcan.",
            "Tal vez no podamos planear o hacer parte de su cuidado sin él.",
        ),
    ),
    "xray": ConsentText(
        title="Su permiso para rayos X",
        risks=(
            "Los rayos X usan muy poca radiación.",
            "Díganos si está embarazada o si puede estarlo.",
        ),
        benefits=("Muestran caries, infecciones y pérdida de hueso que no se ven a simple vista.",),
        alternatives=(
            "Podemos tomar menos rayos X, pero veremos menos.",
            "Puede elegir no tomarse rayos X.",
        ),
        refusal=(
            "Tal vez no veamos problemas ocultos.",
            "Sin rayos X, tal vez no podamos hacer algunos tratamientos de forma segura.",
        ),
    ),
    "preventive": ConsentText(
        title="Su permiso para el cuidado que mantiene sanos los dientes",
        risks=(
            "Las encías pueden doler o sangrar un poco por uno o dos días.",
            "Los dientes pueden estar sensibles por un tiempo corto.",
        ),
        benefits=(
            "Ayuda a evitar las caries y la enfermedad de las encías.",
            "Mantiene sanos sus dientes y sus encías.",
        ),
        alternatives=(
            "Cepillarse y usar hilo dental en casa ayuda, pero no quita el sarro duro.",
            "Puede elegir no recibir este cuidado.",
        ),
        refusal=(
            "Puede tener más caries y problemas de encías.",
            "Un problema pequeño puede necesitar un tratamiento más grande después.",
        ),
    ),
    "restorative": ConsentText(
        title="Su permiso para empastes y arreglos",
        risks=(
            "El diente puede estar sensible al frío o al morder por unas semanas.",
            "Si la caries es profunda, el nervio se puede dañar. "
            "Tal vez necesite un tratamiento de conducto.",
            "Con el tiempo, un empaste se puede gastar, romper o caer.",
            "El labio y la lengua pueden quedar dormidos unas horas. "
            "Tenga cuidado de no morderlos.",
        ),
        benefits=(
            "Frena la caries y salva el diente.",
            "Le deja masticar sin dolor.",
        ),
        alternatives=(
            "Si el diente está muy débil, tal vez necesite una corona.",
            "El diente se puede sacar.",
            "Puede elegir no tratarlo.",
        ),
        refusal=(
            "La caries va a crecer.",
            "Puede tener dolor o una infección.",
            "El diente puede necesitar un tratamiento de conducto o una corona, o se puede perder.",
        ),
    ),
    "crowns": ConsentText(
        title="Su permiso para una corona",
        risks=(
            "El diente puede estar sensible unas semanas.",
            "El nervio se puede irritar, y tal vez haga falta un tratamiento de conducto.",
            "La corona temporal se puede soltar. Si pasa, llámenos.",
            "Con el tiempo, una corona se puede astillar, soltar o gastar.",
        ),
        benefits=(
            "Protege un diente débil o roto.",
            "Le devuelve al diente su forma y su aspecto.",
        ),
        alternatives=(
            "Un empaste grande puede servir, pero no es tan fuerte.",
            "El diente se puede sacar.",
            "Puede elegir no tratarlo.",
        ),
        refusal=(
            "El diente se puede partir o romper.",
            "Si se rompe, tal vez ya no se pueda salvar.",
        ),
    ),
    "endodontics": ConsentText(
        title="Su permiso para un tratamiento de conducto",
        risks=(
            "El diente puede doler unos días.",
            "Una lima muy fina se puede romper dentro de la raíz. "
            "O la raíz puede tener una grieta oculta.",
            "A veces el tratamiento no funciona. "
            "Entonces hace falta más tratamiento, o hay que sacar el diente.",
            "El diente se vuelve frágil, así que tal vez necesite una corona.",
        ),
        benefits=(
            "Termina con la infección y el dolor.",
            "Usted conserva su propio diente.",
        ),
        alternatives=(
            "El diente se puede sacar. "
            "Luego se puede reemplazar con un implante, un puente o una dentadura.",
            "Puede elegir no tratarlo.",
        ),
        refusal=(
            "La infección se puede extender y causar hinchazón.",
            "El dolor puede empeorar.",
            "Puede perder el diente.",
        ),
    ),
    "periodontics": ConsentText(
        title="Su permiso para un tratamiento de las encías",
        risks=(
            "Las encías pueden doler o sangrar unos días.",
            "Los dientes pueden estar sensibles al frío por un tiempo.",
            "Al sanar, las encías pueden bajar un poco. "
            "Los espacios entre los dientes pueden verse más grandes.",
        ),
        benefits=(
            "Ayuda a frenar la enfermedad de las encías.",
            "Le ayuda a conservar sus dientes y el hueso que los sostiene.",
        ),
        alternatives=(
            "En algunos casos, hace falta cirugía de las encías.",
            "Puede elegir no tratarlo.",
        ),
        refusal=(
            "La enfermedad de las encías puede empeorar.",
            "Puede perder hueso, y los dientes se pueden aflojar y caer.",
        ),
    ),
    "prosthodontics": ConsentText(
        title="Su permiso para dentaduras y puentes",
        risks=(
            "Toma tiempo acostumbrarse a los dientes nuevos.",
            "Si hay zonas que duelen, tal vez haya que ajustarlos.",
            "Los dientes que sostienen un puente pueden tener caries debajo.",
            "Cuando las encías cambian, la dentadura puede necesitar un ajuste.",
        ),
        benefits=(
            "Llena los huecos donde faltan dientes.",
            "Le ayuda a masticar, hablar y sonreír.",
        ),
        alternatives=(
            "Un implante puede ser una opción.",
            "Una dentadura parcial que se puede quitar puede ser otra opción.",
            "Puede elegir dejar el espacio vacío.",
        ),
        refusal=(
            "Los dientes de al lado se pueden correr al hueco.",
            "Masticar puede ser más difícil.",
            "El hueso donde faltan dientes se puede encoger.",
        ),
    ),
    "maxillofacial": ConsentText(
        title="Su permiso para una prótesis de la mandíbula o la cara",
        risks=(
            "Puede tomar tiempo y ajustes para que quede bien.",
            "Puede rozar y causar zonas que duelen.",
            "Necesita cuidado y, con el tiempo, hay que cambiarla.",
        ),
        benefits=("Le puede ayudar a comer, hablar y sentirse más como usted.",),
        alternatives=(
            "En algunos casos, la cirugía puede ser una opción.",
            "Puede elegir no usar una prótesis.",
        ),
        refusal=(
            "Comer y hablar pueden seguir siendo difíciles.",
            "Más tarde puede ser más difícil lograr un buen ajuste.",
        ),
    ),
    "implants": ConsentText(
        title="Su permiso para un implante",
        risks=(
            "Puede tener hinchazón, moretones y dolor unos días.",
            "Puede que el implante no se una al hueso. Entonces hay que quitarlo.",
            "Rara vez se daña un nervio. Eso puede dejar dormido el labio o la barbilla.",
            "Un implante de arriba puede llegar al seno, "
            "el espacio de aire sobre los dientes de arriba.",
            "Los implantes necesitan buen cuidado. Las encías alrededor se pueden enfermar.",
        ),
        benefits=(
            "Reemplaza un diente que falta con una base fuerte que dura.",
            "Ayuda a conservar el hueso de la mandíbula.",
        ),
        alternatives=(
            "Un puente o una dentadura pueden reemplazar el diente.",
            "Puede elegir dejar el espacio vacío.",
        ),
        refusal=(
            "El hueso se puede encoger, y los dientes cercanos se pueden mover.",
            "Más tarde puede ser más difícil poner un implante.",
        ),
    ),
    "oral_surgery": ConsentText(
        title="Su permiso para cirugía en la boca",
        risks=(
            "Es común tener hinchazón, moretones, sangrado y dolor por unos días.",
            "La zona se puede infectar. O el coágulo se puede salir del hueco y causar dolor.",
            "Rara vez se daña un nervio. "
            "Eso puede dejar dormido el labio, la barbilla o la lengua.",
            "Un diente o un empaste cercano se puede dañar.",
        ),
        benefits=(
            "Quita la causa del dolor o de la infección.",
            "Ayuda a proteger los dientes y el hueso cercanos.",
        ),
        alternatives=(
            "En algunos casos, un tratamiento de conducto o una corona pueden salvar el diente.",
            "Puede elegir no tratarlo.",
        ),
        refusal=(
            "El dolor y la infección pueden empeorar y extenderse.",
            "Los dientes y el hueso cercanos se pueden dañar.",
        ),
    ),
    "orthodontics": ConsentText(
        title="Su permiso para frenos y alineadores",
        risks=(
            "Los dientes pueden doler tras cada ajuste.",
            "Si no limpia bien, pueden salir manchas blancas, caries o problemas de encías.",
            "Las raíces de los dientes se pueden acortar.",
            "Los dientes se pueden volver a mover si no usa su retenedor.",
            "El tratamiento puede durar más de lo planeado.",
        ),
        benefits=(
            "Dientes más rectos y más fáciles de limpiar.",
            "Una mejor mordida y una sonrisa que le guste.",
        ),
        alternatives=(
            "Los alineadores transparentes u otros tipos de frenos pueden ser opciones.",
            "Puede elegir no tratarlo.",
        ),
        refusal=(
            "Los dientes muy juntos y los problemas de mordida pueden seguir o empeorar.",
            "Los dientes pueden ser más difíciles de limpiar.",
        ),
    ),
    "adjunctive": ConsentText(
        title="Su permiso para otro cuidado",
        risks=(
            "Las medicinas para dormir la zona o para calmarse pueden tener efectos. "
            "Cuéntenos de su salud y de las medicinas que toma.",
            "Algunas personas sienten mareo o ganas de vomitar después del gas.",
            "Tras un blanqueamiento, el frío puede molestarle en los dientes uno o dos días.",
        ),
        benefits=("Puede hacer su cuidado más cómodo, más seguro o más duradero.",),
        alternatives=(
            "Le diremos qué otras opciones tiene.",
            "Puede elegir no recibirlo.",
        ),
        refusal=(
            "Su cuidado puede ser menos cómodo.",
            "Pregúntenos qué significaría para usted decir que no.",
        ),
    ),
}
