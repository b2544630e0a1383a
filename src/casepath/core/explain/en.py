"""English explanations, in our own words, at a 6th-grade reading level.

The names come from casepath.core.catalog (PLAIN_NAMES and the category names);
this module holds what each procedure is, why, what waiting does, and what to
expect. Keep sentences short and words plain: tests/core/explain measures them.
"""

from __future__ import annotations

from typing import Final

from casepath.core.explain.texts import Texts

_CROWN_DELAY = (
    "A weak tooth can crack or break. If the break goes deep, "
    "the tooth may need a root canal or may have to come out."
)
_CROWN_EXPECT = (
    "It most often takes two visits. First we shape the tooth, scan it, "
    "and put on a short-term crown. At the next visit, we glue on the new crown."
)
_FILLING_WHY = (
    "Decay has made a hole in the tooth. A filling stops the decay and lets you chew without pain."
)
_FILLING_DELAY = (
    "Decay keeps growing. It can reach the nerve, and then the tooth "
    "may need a root canal or a crown."
)
_FILLING_EXPECT = (
    "It takes one visit of 30 to 60 minutes. We numb the tooth first, "
    "so it should not hurt. Your lip may stay numb for a few hours."
)
_ROOT_CANAL_WHY = (
    "The inside of the tooth is infected or hurt. "
    "A root canal takes away the pain and saves the tooth."
)
_ROOT_CANAL_DELAY = (
    "The infection can spread to the bone and cause swelling. "
    "The pain may get worse, and the tooth may have to come out."
)
_DEEP_CLEAN_WHY = (
    "You have gum disease. Germs and tartar under the gums make them swell "
    "and eat away the bone. Cleaning them out lets your gums heal."
)
_DEEP_CLEAN_DELAY = (
    "Gum disease gets worse over time. The bone around your teeth can wear away, "
    "and teeth can get loose and fall out."
)
_DEEP_CLEAN_EXPECT = (
    "We numb the area first. We often do one or two quarters at a visit. "
    "Your gums may be sore for a few days."
)
_DENTURE_WHY = "It lets you chew, speak and smile. It also holds up your lips and cheeks."
_DENTURE_DELAY = (
    "It is hard to chew without teeth, so you may not eat well. Your face may also look sunken."
)
_REMOVAL_WHY = "The tooth is too broken or infected to save, or it is in the way of other care."
_REMOVAL_DELAY = "A bad tooth can cause pain and swelling. The infection can spread."

CODES: Final[dict[str, Texts]] = {
    "D0120": Texts(
        what="The dentist looks at your teeth, gums and mouth. "
        "We also check your fillings and crowns.",
        why="Most tooth problems do not hurt at first. "
        "A check-up finds them while they are small and easy to fix.",
        delay="A small problem can grow without you knowing it. "
        "Then it may take more time and money to fix.",
        expect="It takes about 15 minutes, often at the same visit as your cleaning. "
        "Most people come twice a year.",
    ),
    "D0140": Texts(
        what="The dentist checks one area that bothers you. "
        "It may be a tooth that hurts or a swollen gum.",
        why="We need to find the cause before we can treat it. Then we can tell you your choices.",
        delay="Pain and swelling often get worse with time. "
        "An infection can spread if it is not treated.",
        expect="It is a short visit. We may take an X-ray of the area. "
        "We will tell you what we find and what comes next.",
    ),
    "D0150": Texts(
        what="A full exam at your first visit. The dentist checks each tooth, "
        "your gums and your bite. We also look for signs of mouth cancer.",
        why="It gives us a full picture of your mouth. "
        "We use it to plan the care that is right for you.",
        delay="Without it, we cannot see problems that do not hurt yet. "
        "They may grow and cost more to fix later.",
        expect="Plan on about an hour. We will ask about your health and the drugs you take. "
        "Then we talk about what we found.",
    ),
    "D0180": Texts(
        what="We measure the small space between each tooth and the gum. "
        "We also check for bleeding, loose teeth and bone loss.",
        why="Gum disease often does not hurt. "
        "These checks show how healthy your gums are and what care they need.",
        delay="Gum disease can grow without pain. "
        "In time it can loosen teeth, and they may be lost.",
        expect="It takes about 30 minutes. A thin tool gently checks each tooth. "
        "It may feel like light pokes. No shots are needed.",
    ),
    "D0210": Texts(
        what="A set of about 18 small pictures. "
        "Together they show every tooth, from top to root, and the bone around it.",
        why="X-rays show what the eye cannot see. "
        "They show decay between teeth, infection at the roots and bone loss.",
        delay="Hidden problems can grow until they hurt. By then, the fix is often bigger.",
        expect="It takes about 15 minutes. You bite on a small holder for each picture. "
        "The dose of radiation is very low.",
    ),
    "D0220": Texts(
        what="One picture of a single tooth, from the top down to the tip of the root.",
        why="It helps us find the cause of pain or a problem at the root of that tooth.",
        delay="Without it, we may miss an infection or a crack. "
        "We need to see the problem to treat it the right way.",
        expect="It takes a minute or two. You bite on a small holder. "
        "The dose of radiation is very low.",
    ),
    "D0274": Texts(
        what="Four pictures of your back teeth, taken while you bite down.",
        why="They show decay between the teeth, where the eye cannot see. "
        "They also show the level of the bone.",
        delay="Decay between teeth can grow for a long time before it hurts. "
        "Found late, it may need a crown instead of a small filling.",
        expect="It takes about five minutes. Most adults have them once a year. "
        "The dose of radiation is very low.",
    ),
    "D0330": Texts(
        what="One wide picture of your whole mouth. "
        "It shows all your teeth, both jaws and the joints near your ears.",
        why="It shows things small X-rays may miss, like wisdom teeth and the shape of the jaw. "
        "It also helps us plan implants and tooth removal.",
        delay="Problems deep in the jaw can grow without pain. "
        "Finding them early makes care simpler.",
        expect="You stand still while the machine moves around your head. "
        "It takes less than a minute and does not touch your mouth.",
    ),
    "D1110": Texts(
        what="The hygienist removes plaque and hard tartar from your teeth. Then we polish them.",
        why="You cannot brush tartar off at home. "
        "Removing it helps keep away decay and gum disease.",
        delay="Tartar keeps building up. Your gums may bleed and swell, and gum disease can start.",
        expect="It takes 30 to 60 minutes, with no shots. Most people come twice a year.",
    ),
    "D1120": Texts(
        what="We gently clean a child's teeth. We remove plaque and tartar, then polish the teeth.",
        why="Clean teeth are less likely to get cavities. "
        "It also helps a child feel at ease at the dentist.",
        delay="Plaque can cause cavities, even in baby teeth. "
        "Baby teeth hold space for the adult teeth, so they matter.",
        expect="It is a short, gentle visit with no shots. "
        "We show you and your child how to brush well. Most children come twice a year.",
    ),
    "D1206": Texts(
        what="A thin coat of fluoride that we paint on the teeth. "
        "Fluoride is a mineral that makes teeth stronger.",
        why="It helps stop cavities before they start. It can even heal very early soft spots.",
        delay="Teeth at high risk may get cavities sooner. "
        "A short wait does no harm, but the teeth go without this extra shield.",
        expect="It takes a minute and does not hurt. "
        "Wait a few hours before you brush or eat hard food.",
    ),
    "D1208": Texts(
        what="A gel or foam with fluoride that we put on your teeth. "
        "Fluoride makes teeth hard and helps them fight decay.",
        why="It lowers the chance of new cavities. It helps most if you get cavities often.",
        delay="Your teeth go without this extra help, so new cavities may form sooner.",
        expect="It takes a few minutes and does not hurt. "
        "Do not eat or drink for 30 minutes after.",
    ),
    "D1351": Texts(
        what="A thin, clear or white coat that we paint on the top of a back tooth.",
        why="Back teeth have deep grooves that trap food. "
        "A sealant closes them, so decay cannot start there.",
        delay="Food and germs can get into the grooves and cause a cavity. "
        "A cavity needs a filling, which is a bigger job.",
        expect="It takes a few minutes a tooth, with no shots and no drill. "
        "A sealant can last for years. We check it at each visit.",
    ),
    "D2140": Texts(
        what="We remove the decay and fill the hole with a strong, silver-colored metal mix. "
        "The filling covers one side of the tooth.",
        why=_FILLING_WHY,
        delay=_FILLING_DELAY,
        expect=_FILLING_EXPECT,
    ),
    "D2150": Texts(
        what="We remove the decay and fill the hole with a strong, silver-colored metal mix. "
        "The filling covers two sides of the tooth, often the top and one side.",
        why=_FILLING_WHY,
        delay=_FILLING_DELAY,
        expect=_FILLING_EXPECT,
    ),
    "D2330": Texts(
        what="We remove the decay and fill the tooth with a white filling. "
        "It matches the color of your tooth.",
        why="It stops the decay and brings back the look of your tooth. "
        "People will not see the filling when you smile.",
        delay="The decay can grow deeper. The tooth may then need a bigger fix, like a crown.",
        expect="It takes one visit of 30 to 60 minutes. We numb the tooth first. "
        "The filling is hard when you leave, so you can eat once the numbness wears off.",
    ),
    "D2391": Texts(
        what="We remove the decay and fill the tooth with a white material that blends in. "
        "The filling covers one side of the tooth.",
        why=_FILLING_WHY,
        delay=_FILLING_DELAY,
        expect=_FILLING_EXPECT,
    ),
    "D2392": Texts(
        what="We remove the decay and fill the tooth with a white material that blends in. "
        "The filling covers two sides of the tooth, often the top and one side.",
        why=_FILLING_WHY,
        delay=_FILLING_DELAY,
        expect=_FILLING_EXPECT,
    ),
    "D2740": Texts(
        what="A crown is a cap that covers the whole tooth. "
        "This one is all ceramic, a strong material that looks like a real tooth.",
        why="A crown makes a weak or broken tooth strong again. "
        "It lets you chew without pain and keeps the tooth from breaking.",
        delay=_CROWN_DELAY,
        expect=_CROWN_EXPECT,
    ),
    "D2750": Texts(
        what="A crown is a cap that covers the whole tooth. "
        "This one has metal inside for strength and tooth-colored porcelain outside.",
        why="A crown makes a weak or broken tooth strong again. "
        "It lets you chew without pain and keeps the tooth from breaking.",
        delay=_CROWN_DELAY,
        expect=_CROWN_EXPECT,
    ),
    "D2790": Texts(
        what="A crown is a cap that covers the whole tooth. "
        "This one is made of a gold mix, so it looks gold.",
        why="Gold is very strong and gentle on the teeth it bites against. "
        "It is a good choice for back teeth that work hard.",
        delay=_CROWN_DELAY,
        expect=_CROWN_EXPECT,
    ),
    "D2950": Texts(
        what="We fill in a tooth that has lost a lot of its structure. "
        "This makes a solid base for the crown.",
        why="A crown needs enough tooth to hold on to. The build-up gives it that support.",
        delay="It goes with the crown. If the crown waits, the weak tooth may break.",
        expect="We do it at the same visit that we shape the tooth for the crown. "
        "It adds only a few minutes.",
    ),
    "D2954": Texts(
        what="A small post goes into the root of a tooth that had a root canal. "
        "It holds the filling that the crown sits on.",
        why="When little of the tooth is left, the post helps keep the crown in place.",
        delay="Without this support, the crown could come loose, or the tooth could break.",
        expect="We place it at the first crown visit. We numb the tooth first.",
    ),
    "D3310": Texts(
        what="We clean out the soft inside of the tooth, called the pulp, and seal it. "
        "The tooth stays in your mouth.",
        why=_ROOT_CANAL_WHY,
        delay=_ROOT_CANAL_DELAY,
        expect="It takes one or two visits. We numb the tooth well, "
        "so it feels much like a filling. It may be sore for a few days.",
    ),
    "D3320": Texts(
        what="We clean out the soft inside of the tooth, called the pulp, and seal it. "
        "A premolar is one of the teeth between the front teeth and the back molars.",
        why=_ROOT_CANAL_WHY,
        delay=_ROOT_CANAL_DELAY,
        expect="It takes one or two visits. We numb the tooth well. "
        "It may be sore for a few days. Later, the tooth often needs a crown.",
    ),
    "D3330": Texts(
        what="We clean out the soft inside of a back tooth, called a molar, and seal it. "
        "Molars have three or more roots, so this can take longer.",
        why=_ROOT_CANAL_WHY,
        delay=_ROOT_CANAL_DELAY,
        expect="It takes one or two visits. We numb the tooth well. "
        "It may be sore for a few days. "
        "Later, the tooth will need a crown to keep it from cracking.",
    ),
    "D4341": Texts(
        what="A deep cleaning under the gums, for a quarter of the mouth "
        "where four or more teeth need it. We remove tartar from the roots and smooth them.",
        why=_DEEP_CLEAN_WHY,
        delay=_DEEP_CLEAN_DELAY,
        expect=_DEEP_CLEAN_EXPECT,
    ),
    "D4342": Texts(
        what="A deep cleaning under the gums, for one to three teeth in a quarter "
        "of the mouth. We remove tartar from the roots and smooth them.",
        why=_DEEP_CLEAN_WHY,
        delay=_DEEP_CLEAN_DELAY,
        expect=_DEEP_CLEAN_EXPECT,
    ),
    "D4910": Texts(
        what="A special cleaning for people who have had gum disease. "
        "We clean above and under the gums and check how they are doing.",
        why="Gum disease can come back. Cleanings like this keep it under control.",
        delay="Germs build up under the gums again. The disease can come back and cause bone loss.",
        expect="It takes about an hour. Most people need it every three to four months.",
    ),
    "D5110": Texts(
        what="A set of false teeth that takes the place of all your upper teeth. "
        "It sits on your gums, and you can take it out.",
        why=_DENTURE_WHY,
        delay=_DENTURE_DELAY,
        expect="It takes a few visits over some weeks to make it and check the fit. "
        "It takes time to get used to. We can adjust it if it rubs.",
    ),
    "D5120": Texts(
        what="A set of false teeth that takes the place of all your lower teeth. "
        "It sits on your gums, and you can take it out.",
        why=_DENTURE_WHY,
        delay=_DENTURE_DELAY,
        expect="It takes a few visits over some weeks to make it and check the fit. "
        "A lower denture moves more than an upper one, "
        "so it can take longer to get used to.",
    ),
    "D6010": Texts(
        what="An implant is a small metal post that we place in the jaw bone. "
        "It acts like the root of a missing tooth.",
        why="It gives a new tooth a strong base. "
        "It also helps keep the bone from shrinking where the tooth is gone.",
        delay="The bone where a tooth is lost shrinks over time. "
        "Later, you may need a bone graft first. Nearby teeth can also drift into the gap.",
        expect="We place it in a short surgery, with numbing. "
        "The bone then grows around it for three to six months. After that, it gets its crown.",
    ),
    "D6058": Texts(
        what="The new tooth that sits on your implant. It is made to match your other teeth.",
        why="It fills the gap, so you can chew and smile. It also keeps nearby teeth from moving.",
        delay="Teeth next to the gap can tip or move. "
        "Your bite may change, and chewing may be harder.",
        expect="Once the implant has healed, it takes two or three visits. "
        "We do not need to drill your other teeth.",
    ),
    "D6240": Texts(
        what="A bridge fills a gap where a tooth is missing. "
        "This is the false tooth in the middle. Crowns on the teeth on each side hold it.",
        why="It fills the gap, so you can chew and smile. "
        "It keeps the teeth around the gap from moving.",
        delay="Teeth can shift into the gap. Your bite can change, "
        "and the gap gets harder to fill.",
        expect="It most often takes two visits. We shape the teeth on each side "
        "and put on a short-term bridge. At the next visit, we glue on the new bridge.",
    ),
    "D7140": Texts(
        what="We take out a tooth that you can see above the gum.",
        why=_REMOVAL_WHY,
        delay=_REMOVAL_DELAY,
        expect="We numb the area well. You will feel pressure, but it should not hurt. "
        "The spot heals in one to two weeks. We will tell you how to care for it.",
    ),
    "D7210": Texts(
        what="We take out a tooth that is broken or hard to reach. "
        "We may need to open the gum or remove a little bone.",
        why=_REMOVAL_WHY,
        delay=_REMOVAL_DELAY,
        expect="We numb the area well. You may need a few stitches. "
        "Some swelling for two or three days is normal. Soft foods help.",
    ),
    "D7240": Texts(
        what="Wisdom teeth are the last teeth at the back of the mouth. "
        "This one is still inside the jaw bone, so we open the gum and remove some bone.",
        why="A stuck wisdom tooth can cause pain and infection. "
        "It can also harm the tooth next to it.",
        delay="Problems can start with no warning. "
        "Removal is often harder as you get older, and healing is slower.",
        expect="We numb the area, and you may also be put to sleep. "
        "Swelling for a few days is common. Most people feel better in about a week.",
    ),
    "D8080": Texts(
        what="Braces or clear trays that slowly move the teeth into place.",
        why="Straight teeth are easier to clean. "
        "A good bite helps with chewing and keeps teeth from wearing down.",
        delay="Teeth and jaws are easier to move while a child is still growing. "
        "Some problems are harder to fix later.",
        expect="It often takes one to three years, with a visit every four to eight weeks. "
        "Teeth may be sore for a few days after each change. "
        "After that, a retainer keeps the teeth in place.",
    ),
    "D8090": Texts(
        what="Braces or clear trays that slowly move your teeth into place.",
        why="Straight teeth are easier to clean. "
        "A good bite helps with chewing and keeps teeth from wearing down.",
        delay="Crowded teeth are hard to clean, so they may get decay or gum disease. "
        "A bad bite can wear teeth down over time.",
        expect="It often takes one to three years, with a visit every four to eight weeks. "
        "Teeth may be sore for a few days after each change. "
        "After that, a retainer keeps the teeth in place.",
    ),
    "D9110": Texts(
        what="A visit to ease your pain fast. We treat the urgent problem first.",
        why="Pain means something is wrong. "
        "This care helps you feel better until we can fix the cause.",
        delay="Pain often gets worse. An infection can spread and turn into an emergency.",
        expect="It is a short visit. It is often a first step: "
        "you may need more care later to fix the problem for good.",
    ),
    "D9230": Texts(
        what="A gas that you breathe through a small mask on your nose. "
        "It helps you feel calm and relaxed.",
        why="It eases worry and helps the visit go smoothly. You stay awake and can talk to us.",
        delay="We use it only during treatment. "
        "You can still have your treatment without it, with numbing.",
        expect="It starts to work in a few minutes. "
        "It wears off fast once the mask is off, and most people can drive home.",
    ),
    "D9944": Texts(
        what="A hard plastic guard made to fit your teeth. You wear it while you sleep.",
        why="It protects your teeth if you grind or clench them at night. "
        "It can also ease jaw pain and headaches.",
        delay="Grinding wears teeth down and can crack them or your fillings. "
        "Jaw pain may get worse.",
        expect="It takes two short visits: one to scan your teeth, and one to fit the guard. "
        "It may feel odd for the first few nights.",
    ),
    "D9972": Texts(
        what="We put a strong whitening gel on your teeth at the office to make them lighter.",
        why="It brightens teeth that are stained or dark. "
        "It is a choice for your smile, not a health need.",
        delay="Waiting does no harm to your health. Stains may get darker over time.",
        expect="It takes one visit of one to two hours. "
        "Your teeth may feel sensitive for a day or two. "
        "Fillings and crowns do not change color.",
    ),
}

CATEGORIES: Final[dict[str, Texts]] = {
    "diagnostic": Texts(
        what="The dentist checks your teeth, gums and mouth, or does a test to learn more.",
        why="It helps us find problems early and plan the right care.",
        delay="Problems can grow without pain. Found late, they cost more to fix.",
        expect="It is most often a short visit. We will tell you what we find.",
    ),
    "xray": Texts(
        what="Pictures that show the inside of your teeth and the bone around them.",
        why="They show what the eye cannot see. "
        "They show decay between teeth, infection at the roots and bone loss.",
        delay="Hidden problems can grow until they hurt. By then, the fix is often bigger.",
        expect="It takes only a few minutes. The dose of radiation is very low.",
    ),
    "preventive": Texts(
        what="Care that keeps your teeth and gums healthy, like cleanings and fluoride.",
        why="It stops problems before they start. That is easier and costs less than treatment.",
        delay="Without it, decay and gum disease are more likely.",
        expect="Short visits that do not hurt, most often twice a year.",
    ),
    "restorative": Texts(
        what="We repair a tooth that has decay or damage.",
        why="It stops the damage and lets you chew well again.",
        delay="Decay and cracks grow. The tooth may need a bigger fix later, or may be lost.",
        expect="It most often takes one visit. We numb the tooth first.",
    ),
    "crowns": Texts(
        what="A crown is a cap that covers the whole tooth to protect it.",
        why="It makes a weak or broken tooth strong again.",
        delay=_CROWN_DELAY,
        expect="It most often takes two visits. You wear a short-term crown in between.",
    ),
    "endodontics": Texts(
        what="Care for the soft inside of the tooth and its roots.",
        why="It removes infection and pain, and it saves the tooth.",
        delay="The infection can spread, and the tooth may be lost.",
        expect="It takes one or two visits, with numbing. The tooth may be sore for a few days.",
    ),
    "periodontics": Texts(
        what="Care for your gums and the bone that holds your teeth.",
        why="Healthy gums and bone keep your teeth in place.",
        delay="Gum disease can cause bone loss and loose teeth.",
        expect="We numb the area when needed. Your gums may be tender for a few days.",
    ),
    "prosthodontics": Texts(
        what="New teeth that take the place of missing ones, like a denture or a bridge.",
        why="They help you chew, speak and smile. They also keep other teeth from moving.",
        delay="Teeth can drift into the gaps, and chewing gets harder.",
        expect="It takes a few visits to make the new teeth and check the fit.",
    ),
    "maxillofacial": Texts(
        what="A custom-made piece that takes the place of a missing part "
        "of the jaw, mouth or face.",
        why="It helps you eat, speak and look like yourself. "
        "You may need it after surgery, an injury, or a problem from birth.",
        delay="Eating and speaking may stay hard. "
        "A good fit may be harder to get later, as the area changes.",
        expect="It takes a few visits to measure, make and fit the piece. "
        "A team of experts often helps.",
    ),
    "implants": Texts(
        what="An implant is a post in the jaw bone that acts like a tooth root. "
        "It holds a new tooth.",
        why="It replaces a missing tooth with one that feels and works much like your own.",
        delay="The jaw bone shrinks where a tooth is missing. "
        "This can make an implant harder later.",
        expect="A short surgery places the implant. "
        "It heals for three to six months before the new tooth goes on.",
    ),
    "oral_surgery": Texts(
        what="Surgery in the mouth, like taking out a tooth.",
        why="It treats a problem that cannot be fixed in a simpler way.",
        delay="Pain and infection can get worse and spread.",
        expect="We numb the area well. Swelling and soreness for a few days are common.",
    ),
    "orthodontics": Texts(
        what="Braces or clear trays that slowly move your teeth into a better place.",
        why="Straight teeth are easier to clean and help your bite work well.",
        delay="Crowded teeth and bite problems can get worse over time.",
        expect="There is a visit every few weeks for one to three years. "
        "Then a retainer keeps the teeth in place.",
    ),
    "adjunctive": Texts(
        what="Care that helps your treatment, like calming care or a mouth guard.",
        why="It can make your care safer and easier, or help it last.",
        delay="Ask us what waiting would mean for this item.",
        expect="We will tell you what to expect before we start.",
    ),
}

GENERIC: Final = Texts(
    what="A dental treatment that your dentist suggests for you.",
    why="Your dentist will tell you why you need it for your health.",
    delay="Ask us what could happen if you wait.",
    expect="We will explain each step before we start.",
)
