"""English default consent texts, one per procedure category (6th-grade level).

A practice may replace them with its own; these are the defaults a case starts
with. Each part is a tuple of short sentences, shown as a list.
"""

from __future__ import annotations

from typing import Final

from casepath.core.explain.texts import ConsentText

CONSENT: Final[dict[str, ConsentText]] = {
    "diagnostic": ConsentText(
        title="Consent for exams and tests",
        risks=(
            "An exam does not harm you. Some tests may cause brief discomfort.",
            "An exam may not find every problem.",
        ),
        benefits=(
            "It finds problems early, when they are easier to treat.",
            "It helps us plan the right care for you.",
        ),
        alternatives=(
            "You may have a shorter exam of one area.",
            "You may choose to have no exam.",
        ),
        refusal=(
            "Problems may not be found, and they may grow.",
            "We may not be able to plan or give some care without it.",
        ),
    ),
    "xray": ConsentText(
        title="Consent for X-rays",
        risks=(
            "X-rays use a very low dose of radiation.",
            "Tell us if you are or may be pregnant.",
        ),
        benefits=("They show decay, infection and bone loss that the eye cannot see.",),
        alternatives=(
            "We can take fewer X-rays, but we will see less.",
            "You may choose to have no X-rays.",
        ),
        refusal=(
            "We may miss hidden problems.",
            "Without X-rays, we may not be able to do some treatments safely.",
        ),
    ),
    "preventive": ConsentText(
        title="Consent for care that keeps teeth healthy",
        risks=(
            "Your gums may be sore or bleed a little for a day or two.",
            "Your teeth may feel sensitive for a short time.",
        ),
        benefits=(
            "It helps prevent decay and gum disease.",
            "It keeps your teeth and gums healthy.",
        ),
        alternatives=(
            "Brushing and flossing at home helps, but it cannot remove hard tartar.",
            "You may choose not to have this care.",
        ),
        refusal=(
            "You may get more cavities and gum disease.",
            "A small problem may need a bigger treatment later.",
        ),
    ),
    "restorative": ConsentText(
        title="Consent for fillings and repairs",
        risks=(
            "Your tooth may be sensitive to cold or biting for a few weeks.",
            "If the decay is deep, the nerve may be hurt. Then you may need a root canal.",
            "A filling can wear, break or fall out in time.",
            "Your lip and tongue may stay numb for a few hours. Take care not to bite them.",
        ),
        benefits=(
            "It stops the decay and saves the tooth.",
            "It lets you chew without pain.",
        ),
        alternatives=(
            "If the tooth is very weak, it may need a crown.",
            "The tooth can be taken out.",
            "You may choose no treatment.",
        ),
        refusal=(
            "The decay will grow.",
            "You may get pain or an infection.",
            "The tooth may need a root canal or a crown, or it may be lost.",
        ),
    ),
    "crowns": ConsentText(
        title="Consent for a crown",
        risks=(
            "The tooth may be sensitive for a few weeks.",
            "The nerve may get upset, and a root canal may be needed.",
            "The short-term crown may come off. If it does, call us.",
            "In time, a crown can chip, come loose or wear out.",
        ),
        benefits=(
            "It protects a weak or broken tooth.",
            "It brings back the shape and look of the tooth.",
        ),
        alternatives=(
            "A large filling may work, but it is not as strong.",
            "The tooth can be taken out.",
            "You may choose no treatment.",
        ),
        refusal=(
            "The tooth may crack or break.",
            "If it breaks, it may not be possible to save it.",
        ),
    ),
    "endodontics": ConsentText(
        title="Consent for root canal treatment",
        risks=(
            "The tooth may be sore for a few days.",
            "A tiny tool can break inside the root, or the root may have a hidden crack.",
            "Now and then, the treatment does not work. "
            "Then more care is needed, or the tooth must come out.",
            "The tooth can get brittle, so it may need a crown.",
        ),
        benefits=(
            "It ends the infection and the pain.",
            "You keep your own tooth.",
        ),
        alternatives=(
            "The tooth can be taken out. "
            "Then it can be replaced with an implant, a bridge or a denture.",
            "You may choose no treatment.",
        ),
        refusal=(
            "The infection can spread and cause swelling.",
            "The pain may get worse.",
            "You may lose the tooth.",
        ),
    ),
    "periodontics": ConsentText(
        title="Consent for gum treatment",
        risks=(
            "Your gums may be sore or bleed for a few days.",
            "Your teeth may be sensitive to cold for a while.",
            "As your gums heal, they may shrink a little. "
            "The spaces between teeth may look bigger.",
        ),
        benefits=(
            "It helps stop gum disease.",
            "It helps you keep your teeth and the bone that holds them.",
        ),
        alternatives=(
            "In some cases, you may need gum surgery instead.",
            "You may choose no treatment.",
        ),
        refusal=(
            "Gum disease may get worse.",
            "You may lose bone, and your teeth may get loose and fall out.",
        ),
    ),
    "prosthodontics": ConsentText(
        title="Consent for dentures and bridges",
        risks=(
            "It takes time to get used to new teeth.",
            "Sore spots may need changes to the fit.",
            "Teeth that hold a bridge can get decay under it.",
            "As your gums change, a denture may need to be refit.",
        ),
        benefits=(
            "It fills the gaps where teeth are missing.",
            "It helps you chew, speak and smile.",
        ),
        alternatives=(
            "An implant may be a choice.",
            "A partial denture that you can take out may be a choice.",
            "You may choose to leave the space.",
        ),
        refusal=(
            "Nearby teeth may shift into the gap.",
            "Chewing may be harder.",
            "The bone where teeth are missing may shrink.",
        ),
    ),
    "maxillofacial": ConsentText(
        title="Consent for a jaw or face prosthesis",
        risks=(
            "It may take time and changes to fit well.",
            "It may rub and cause sore spots.",
            "It needs care, and in time it will need to be replaced.",
        ),
        benefits=("It can help you eat, speak and feel more like yourself.",),
        alternatives=(
            "In some cases, surgery may be a choice.",
            "You may choose not to have a prosthesis.",
        ),
        refusal=(
            "Eating and speaking may stay hard.",
            "A good fit may be harder to get later.",
        ),
    ),
    "implants": ConsentText(
        title="Consent for an implant",
        risks=(
            "You may have swelling, bruises and soreness for a few days.",
            "The implant may not join the bone. Then it may have to be removed.",
            "Rarely, a nerve is hurt. This can leave your lip or chin numb.",
            "An upper implant can reach the sinus, the air space above your upper teeth.",
            "Implants need good care. The gums around them can get diseased.",
        ),
        benefits=(
            "It replaces a missing tooth with a strong base that lasts.",
            "It helps keep the jaw bone.",
        ),
        alternatives=(
            "A bridge or a denture can replace the tooth.",
            "You may choose to leave the space.",
        ),
        refusal=(
            "The bone may shrink, and nearby teeth may move.",
            "An implant may be harder to place later.",
        ),
    ),
    "oral_surgery": ConsentText(
        title="Consent for surgery in the mouth",
        risks=(
            "Swelling, bruises, bleeding and pain are common for a few days.",
            "The spot can get infected. "
            "Or the blood clot can come out of the socket and cause pain.",
            "Rarely, a nerve is hurt. This can leave your lip, chin or tongue numb.",
            "A nearby tooth or filling may be damaged.",
        ),
        benefits=(
            "It removes the cause of pain or infection.",
            "It helps protect nearby teeth and bone.",
        ),
        alternatives=(
            "In some cases, a root canal or a crown may save the tooth.",
            "You may choose no treatment.",
        ),
        refusal=(
            "Pain and infection may get worse and spread.",
            "Nearby teeth and bone may be harmed.",
        ),
    ),
    "orthodontics": ConsentText(
        title="Consent for braces and clear trays",
        risks=(
            "Your teeth may be sore after each change.",
            "If you do not clean well, you may get white spots, decay or gum disease.",
            "The roots of the teeth can get shorter.",
            "Teeth can move back if you do not wear your retainer.",
            "Treatment may take longer than planned.",
        ),
        benefits=(
            "Straighter teeth that are easier to clean.",
            "A better bite, and a smile you like.",
        ),
        alternatives=(
            "Clear trays or other kinds of braces may be choices.",
            "You may choose no treatment.",
        ),
        refusal=(
            "Crowded teeth and bite problems may stay or get worse.",
            "Your teeth may be harder to clean.",
        ),
    ),
    "adjunctive": ConsentText(
        title="Consent for other care",
        risks=(
            "Drugs that numb or calm you can have side effects. "
            "Tell us about your health and the drugs you take.",
            "Some people feel dizzy or sick to the stomach after calming care.",
            "After whitening, cold may make your teeth ache for a day or two.",
        ),
        benefits=("It can make your care more comfortable, safer, or last longer.",),
        alternatives=(
            "We will tell you about your other choices.",
            "You may choose to go without it.",
        ),
        refusal=(
            "Your care may be less comfortable.",
            "Ask us what saying no would mean for you.",
        ),
    ),
}
