"""Sequencing gaps: phase order with healing days, and the practice's rules, in words."""

from __future__ import annotations

from casepath.core.scheduling import DEFAULT_RULES, Gap, Rule, Visit, VisitKind
from casepath.core.scheduling.sequence import gaps_for
from tests.core.scheduling.calendars import CHAIN, CHAIN_HEALING, DENTIST, SURGEON


def test_the_implant_chain() -> None:
    gaps = gaps_for(CHAIN, DEFAULT_RULES, CHAIN_HEALING)
    assert gaps == (
        Gap(
            "graft",
            "implant",
            90,
            "Implant placement at least 90 days after Bone graft: phase 1 needs 90 days to heal",
            because="phase 1 needs 90 days to heal",
        ),
        Gap(
            "implant",
            "crown",
            90,
            "Implant crown at least 90 days after Implant placement: phase 2 needs 90 days to heal",
            because="phase 2 needs 90 days to heal",
        ),
        Gap(
            "graft",
            "implant",
            90,
            "Implant placement at least 90 days after Bone graft: the bone graft heals",
            because="the bone graft heals",
        ),
        Gap(
            "implant",
            "crown",
            90,
            "Implant crown at least 90 days after Implant placement: "
            "the implant fuses with the bone",
            because="the implant fuses with the bone",
        ),
    )


def test_every_visit_of_a_phase_after_every_visit_of_the_phase_before() -> None:
    visits = (
        Visit("a", "Exam", 30, (DENTIST,), 1),
        Visit("b", "Cleaning", 60, (DENTIST,), 1),
        Visit("c", "Fillings", 60, (DENTIST,), 3),  # phase 2 has no visits
        Visit("d", "Crown", 90, (DENTIST,), 4),
    )
    gaps = gaps_for(visits, (), {1: 0, 3: 14})
    assert [(g.before, g.after, g.min_days, g.because) for g in gaps] == [
        ("a", "c", 0, "the phases go in order"),
        ("b", "c", 0, "the phases go in order"),
        ("c", "d", 14, "phase 3 needs 14 days to heal"),
    ]
    assert gaps[0].why == "Fillings after Exam: the phases go in order"


def test_rules_apply_to_the_same_tooth_when_both_name_teeth() -> None:
    visits = (
        Visit(
            "rct30", "Root canal #30", 90, (DENTIST,), 1, VisitKind.ROOT_CANAL, frozenset({"30"})
        ),
        Visit("rct3", "Root canal #3", 90, (DENTIST,), 1, VisitKind.ROOT_CANAL, frozenset({"3"})),
        Visit("crown30", "Crown #30", 90, (DENTIST,), 1, VisitKind.CROWN, frozenset({"30"})),
        Visit("crowns", "Crowns", 90, (DENTIST,), 1, VisitKind.CROWN),  # no teeth: every one
    )
    rule = Rule(VisitKind.ROOT_CANAL, VisitKind.CROWN, 0, "the crown protects the tooth", 60)
    gaps = gaps_for(visits, (rule,), {})
    assert [(g.before, g.after) for g in gaps] == [
        ("rct30", "crown30"),
        ("rct30", "crowns"),
        ("rct3", "crowns"),
    ]
    assert (
        gaps[0].why == "Crown #30 within 60 days after Root canal #30: the crown protects the tooth"
    )
    assert gaps[0].max_days == 60


def test_a_rule_never_turns_the_phases_around() -> None:
    visits = (
        Visit("x", "Extraction", 60, (SURGEON,), 2, VisitKind.EXTRACTION),
        Visit("i", "Implant", 90, (SURGEON,), 1, VisitKind.IMPLANT),
    )
    rule = Rule(VisitKind.EXTRACTION, VisitKind.IMPLANT, 90, "the socket heals")
    assert [g.because for g in gaps_for(visits, (rule,), {})] == ["the phases go in order"]


def test_a_range_of_days_and_one_day() -> None:
    visits = (
        Visit("p", "Gum treatment", 60, (DENTIST,), 1, VisitKind.PERIO),
        Visit("c", "Crown", 90, (DENTIST,), 1, VisitKind.CROWN),
    )
    rules = (
        Rule(VisitKind.PERIO, VisitKind.CROWN, 28, "the gums settle", 90),
        Rule(VisitKind.PERIO, VisitKind.CROWN, 1, "a day between"),
    )
    assert [g.why for g in gaps_for(visits, rules, {})] == [
        "Crown 28 days to 90 days after Gum treatment: the gums settle",
        "Crown at least 1 day after Gum treatment: a day between",
    ]


def test_a_rule_reaches_a_procedure_done_at_a_visit_of_another_kind() -> None:
    """An implant crown seated at the visit of two crowns still waits for the implant."""
    from casepath.core.scheduling import DEFAULT_RULES, Visit, VisitKind, gaps_for

    implant = Visit(
        "implant", "Implant placement", 90, (1,), 1, VisitKind.IMPLANT, frozenset({"19"})
    )
    crowns = Visit(
        "crowns",
        "Crowns",
        90,
        (1,),
        2,
        VisitKind.CROWN,
        frozenset({"19", "3", "14"}),
        also=frozenset({VisitKind.IMPLANT_RESTORATION}),
    )
    gaps = gaps_for([implant, crowns], DEFAULT_RULES, {})
    waits = [g for g in gaps if (g.before, g.after) == ("implant", "crowns")]
    assert max(g.min_days for g in waits) == 90
    assert any("the implant fuses with the bone" in g.why for g in waits)
