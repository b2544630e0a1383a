"""Golden cases: hand-computed estimates, one rule of the contract each.

Every case says why in one line, then gives the request (plans written as the
contract writes them) and what each procedure must come to: per coverage the
insurance, write-off, deductible and the exact notes, then what the patient
pays. Unless a case says otherwise: as_of 2026-03-01, patient born 1980-05-05,
coverage effective 2020-01-01, procedures dated as_of.
The arithmetic is in the comment beside each case.
"""

from __future__ import annotations

from typing import Any

from tests.core.benefits.spec import (
    Golden,
    coverage,
    expect,
    line,
    procedure,
    request,
)

CAPITATION = "Capitation plan: you pay the copay; the plan pays the office separately"
EXCLUDED = "Excluded by this plan; $0 benefit"
NOT_COVERED = "Not covered by this plan"
NO_WRITE_OFF_LIMIT = "No network discount when a frequency or age limit stops the benefit"
NO_WRITE_OFF_MAX = "No network discount: the plan's maximum was already used up"
FIRST_PLAN = "Only the first plan's network discount applies"
USED_UP = "Annual maximum already used up; $0 benefit"
NO_COVERAGE = "No insurance on file: the full fee is yours"
NOTHING_LEFT = "$0 benefit: nothing is left for the plan to pay"


def ded(amount: str) -> str:
    return f"Deductible ${amount} applied"


def reached(amount: str, words: str = "Annual maximum") -> str:
    return f"{words} reached; ${amount} was left"


def freq(words: str) -> str:
    return f"Frequency limit reached: {words}; $0 benefit"


RESTORATIVE_80 = [{"category": "restorative", "percent": 80}]
CROWNS_50 = [{"category": "crowns", "percent": 50}]
PPO_D2391: dict[str, Any] = {
    "type": "ppo",
    "allowed_fees": {"D2391": "150.00", "D2140": "100.00"},
    "coverage": RESTORATIVE_80,
}


def one(
    reason: str,
    plan: dict[str, Any],
    proc: Any,
    want: Any,
    *,
    cover: dict[str, Any] | None = None,
    remaining: Any = None,
    years: dict[str, str] | None = None,
    **options: Any,
) -> Golden:
    """A case with one coverage and one procedure (id "a")."""
    req = request([proc], [coverage(plan, **(cover or {}))], **options)
    return Golden(reason, req, {"a": want}, remaining, years or {})


def many(
    reason: str,
    procs: list[Any],
    coverages: list[Any],
    wants: dict[str, Any],
    *,
    remaining: Any = None,
    years: dict[str, str] | None = None,
    **options: Any,
) -> Golden:
    return Golden(reason, request(procs, coverages, **options), wants, remaining, years or {})


def downgrade(only_if: str) -> dict[str, Any]:
    return {**PPO_D2391, "downgrades": [{"from": "D2391", "to": "D2140", "only_if": only_if}]}


PLAN_TYPES = [
    one(  # 80% x 200
        "A percentage plan with no allowed fee pays its percent of the office fee",
        {"type": "percentage", "coverage": RESTORATIVE_80},
        procedure("D2391", "200", tooth="14"),
        expect("40.00", line("160.00", allowed="200.00", percent=80)),
    ),
    one(  # 80% x 150; patient 200 - 120
        "A percentage plan pays on its allowed fee; the patient owes the rest, no write-off",
        {"type": "percentage", "allowed_fees": {"D2391": "150"}, "coverage": RESTORATIVE_80},
        procedure("D2391", "200", tooth="14"),
        expect("80.00", line("120.00", allowed="150.00")),
    ),
    one(  # 80% x 150 = 120; write-off 200 - 150
        "PPO: insurance is the percent of the allowed fee, write-off is fee minus allowed",
        PPO_D2391,
        procedure("D2391", "200", tooth="14"),
        expect("30.00", line("120.00", "50.00")),
    ),
    one(  # min(250, 200) = 200; 80% = 160
        "An allowed fee above the office fee is held to the fee",
        {**PPO_D2391, "allowed_fees": {"D2391": "250"}},
        procedure("D2391", "200", tooth="14"),
        expect("40.00", line("160.00", allowed="200.00")),
    ),
    one(  # 100 - 25 = 75; write-off 180 - 100; patient the copay
        "Flat copay: the patient pays the copay, insurance pays allowed minus copay",
        {
            "type": "flat_copay",
            "allowed_fees": {"D2391": "100"},
            "copays": {"D2391": "25"},
            "coverage": [{"percent": 100}],
        },
        procedure("D2391", "180", tooth="14"),
        expect("25.00", line("75.00", "80.00", copay="25.00", allowed="100.00")),
    ),
    one(  # write-off 150 - 20; patient 200 - 130
        "Capitation: insurance pays nothing, write-off is allowed minus copay",
        {
            "type": "capitation",
            "allowed_fees": {"D2391": "150"},
            "copays": {"D2391": "20"},
            "coverage": [{"percent": 100}],
        },
        procedure("D2391", "200", tooth="14"),
        expect("70.00", line("0.00", "130.00", "0.00", CAPITATION, percent=0)),
    ),
    one(  # (150 - 10) x 80% = 112; write-off 50
        "A copay comes off the allowed fee before the percent",
        {**PPO_D2391, "copays": {"D2391": "10"}},
        procedure("D2391", "200", tooth="14"),
        expect("38.00", line("112.00", "50.00", copay="10.00")),
    ),
    one(  # allowed 50, copay 50: nothing for the plan
        "A copay as large as the allowed fee leaves the plan nothing to pay, and says so",
        {
            "type": "flat_copay",
            "allowed_fees": {"D2391": "50"},
            "copays": {"D2391": "50"},
            "coverage": [{"percent": 100}],
        },
        procedure("D2391", "60", tooth="14"),
        expect("50.00", line("0.00", "10.00", "0.00", NOTHING_LEFT)),
    ),
]

COVERAGE_LOOKUP = [
    one(
        "A rule for one code beats a range",
        {"coverage": [{"codes": "D2950-D2954", "percent": 50}, {"code": "D2950", "percent": 80}]},
        procedure("D2950", "100"),
        expect("20.00", line("80.00", percent=80)),
    ),
    one(
        "A range beats a category",
        {"coverage": [*RESTORATIVE_80, {"codes": "D2950-D2954", "percent": 50}]},
        procedure("D2950", "100"),
        expect("50.00", line("50.00")),
    ),
    one(
        "A category beats the general rule",
        {"coverage": [{"percent": 50}, {"category": "preventive", "percent": 100}]},
        procedure("D1110", "100"),
        expect("0.00", line("100.00")),
    ),
    one(
        "Between two matching ranges the narrower wins",
        {
            "coverage": [
                {"codes": "D2900-D2999", "percent": 60},
                {"codes": "D2950-D2954", "percent": 50},
            ]
        },
        procedure("D2950", "100"),
        expect("50.00", line("50.00")),
    ),
    many(
        "xray is narrower than diagnostic, which still covers exams",
        [procedure("D0274", "100", "a"), procedure("D0120", "60", "b")],
        [
            coverage(
                {
                    "coverage": [
                        {"category": "diagnostic", "percent": 100},
                        {"category": "xray", "percent": 80},
                    ]
                }
            )
        ],
        {"a": expect("20.00", line("80.00")), "b": expect("0.00", line("60.00"))},
    ),
    one(
        "A diagnostic rule covers x-rays when the plan has no xray rule",
        {"coverage": [{"category": "diagnostic", "percent": 100}]},
        procedure("D0274", "100"),
        expect("0.00", line("100.00")),
    ),
    one(
        "A code no rule matches is not covered and takes no deductible",
        {
            "coverage": [{"category": "preventive", "percent": 100}],
            "deductibles": [{"amount": "50"}],
        },
        procedure("D2391", "200", tooth="14"),
        expect("200.00", line("0.00", "0.00", "0.00", NOT_COVERED, percent=0)),
        remaining=((None, "50.00"),),
    ),
    one(
        "A rule at 0% is not covered either",
        {"coverage": [{"category": "orthodontics", "percent": 0}]},
        procedure("D8080", "1000"),
        expect("1000.00", line("0.00", "0.00", "0.00", "Not covered by this plan (0%)")),
    ),
    one(
        "Crowns are their own category: a restorative rule does not cover a crown",
        {"coverage": RESTORATIVE_80},
        procedure("D2740", "1000", tooth="30"),
        expect("1000.00", line("0.00", "0.00", "0.00", NOT_COVERED)),
    ),
    one(
        "A list of codes matches each code in it",
        {"coverage": [{"codes": ["D1110", "D1120"], "percent": 90}]},
        procedure("D1120", "100"),
        expect("10.00", line("90.00")),
    ),
]

RESTORATIVE_DED_50: dict[str, Any] = {"coverage": RESTORATIVE_80, "deductibles": [{"amount": "50"}]}

DEDUCTIBLES = [
    many(  # a: (100 - 50) x 80% = 40; b: 80
        "The general deductible is taken once",
        [procedure("D2391", "100", "a"), procedure("D2391", "100", "b")],
        [coverage(RESTORATIVE_DED_50)],
        {
            "a": expect("60.00", line("40.00", "0.00", "50.00", ded("50.00"))),
            "b": expect("20.00", line("80.00")),
        },
        remaining=((None, "0.00"),),
    ),
    many(  # a: deductible 30 of 30; b: the 20 left, (100 - 20) x 100%
        "The deductible taken never exceeds the amount it applies to",
        [procedure("D1110", "30", "a"), procedure("D1110", "100", "b")],
        [
            coverage(
                {
                    "coverage": [{"category": "preventive", "percent": 100}],
                    "deductibles": [{"amount": "50"}],
                }
            )
        ],
        {
            "a": expect("30.00", line("0.00", "0.00", "30.00", ded("30.00"))),
            "b": expect("20.00", line("80.00", "0.00", "20.00", ded("20.00"))),
        },
    ),
    many(  # a: waived; b: (200 - 50) x 80%
        "A scoped $0 deductible waives it for preventive care",
        [procedure("D1110", "100", "a"), procedure("D2391", "200", "b")],
        [
            coverage(
                {
                    "coverage": [*RESTORATIVE_80, {"category": "preventive", "percent": 100}],
                    "deductibles": [
                        {"amount": "50"},
                        {"amount": "0", "category": "preventive"},
                    ],
                }
            )
        ],
        {
            "a": expect("0.00", line("100.00")),
            "b": expect("80.00", line("120.00", "0.00", "50.00", ded("50.00"))),
        },
    ),
    many(  # a: 30 (scoped) -> (100 - 30) x 80% = 56; b: 50 - 30 = 20 left -> 480 x 80%
        "Deductibles taken under a scoped rule count toward the general one",
        [procedure("D2391", "100", "a"), procedure("D3330", "500", "b", tooth="19")],
        [
            coverage(
                {
                    "coverage": [*RESTORATIVE_80, {"category": "endodontics", "percent": 80}],
                    "deductibles": [
                        {"amount": "50"},
                        {"amount": "30", "category": "restorative"},
                    ],
                }
            )
        ],
        {
            "a": expect("44.00", line("56.00", "0.00", "30.00", ded("30.00"))),
            "b": expect("116.00", line("384.00", "0.00", "20.00", ded("20.00"))),
        },
    ),
    one(  # min(100, 50) = 50 -> 950 x 50%
        "No rule lets a year's deductibles exceed the general amount",
        {
            "coverage": [{"category": "orthodontics", "percent": 50}],
            "deductibles": [{"amount": "50"}, {"amount": "100", "category": "orthodontics"}],
        },
        procedure("D8080", "1000"),
        expect("525.00", line("475.00", "0.00", "50.00", ded("50.00"))),
    ),
    many(  # a: (200 - 25) x 80%; b: no deductible for restorative
        "A scoped deductible applies to its codes even without a general deductible",
        [procedure("D4341", "200", "a", tooth="2"), procedure("D2391", "100", "b")],
        [
            coverage(
                {
                    "coverage": [*RESTORATIVE_80, {"category": "periodontics", "percent": 80}],
                    "deductibles": [{"amount": "25", "category": "periodontics"}],
                }
            )
        ],
        {
            "a": expect("60.00", line("140.00", "0.00", "25.00", ded("25.00"))),
            "b": expect("20.00", line("80.00")),
        },
    ),
    one(  # room min(50, 150 - 120) = 30 -> (200 - 30) x 80% = 136
        "The family deductible caps what all members take together",
        {
            "coverage": RESTORATIVE_80,
            "deductibles": [{"amount": "50"}, {"amount": "150", "level": "family"}],
        },
        procedure("D2391", "200"),
        expect("64.00", line("136.00", "0.00", "30.00", ded("30.00"))),
        cover={
            "history": [
                {
                    "code": "D2391",
                    "date": "2026-01-10",
                    "deductible_applied": "60",
                    "family_member": True,
                },
                {
                    "code": "D2150",
                    "date": "2026-02-10",
                    "deductible_applied": "60",
                    "family_member": True,
                },
            ]
        },
        remaining=((None, "0.00"),),
    ),
    one(  # the member's 50 does not touch the patient's own 50
        "A family member's deductible counts toward the family figure only",
        {
            "coverage": RESTORATIVE_80,
            "deductibles": [{"amount": "50"}, {"amount": "150", "level": "family"}],
        },
        procedure("D2391", "200"),
        expect("80.00", line("120.00", "0.00", "50.00", ded("50.00"))),
        cover={
            "history": [
                {
                    "code": "D2391",
                    "date": "2026-01-10",
                    "deductible_applied": "50",
                    "family_member": True,
                }
            ]
        },
    ),
    one(
        "A lifetime deductible met in an earlier year is not taken again",
        {
            "coverage": [{"category": "orthodontics", "percent": 50}],
            "deductibles": [{"amount": "100", "category": "orthodontics", "period": "lifetime"}],
        },
        procedure("D8080", "1000"),
        expect("500.00", line("500.00")),
        cover={"history": [{"code": "D8080", "date": "2023-05-01", "deductible_applied": "100"}]},
        remaining=((None, "0.00"),),
    ),
    one(  # last year's 50 does not count: (100 - 50) x 80%
        "A benefit-year deductible starts again in a new benefit year",
        RESTORATIVE_DED_50,
        procedure("D2391", "100"),
        expect("60.00", line("40.00", "0.00", "50.00", ded("50.00"))),
        cover={"history": [{"code": "D2391", "date": "2025-06-01", "deductible_applied": "50"}]},
    ),
    one(
        "A pending claim's deductible counts as taken",
        RESTORATIVE_DED_50,
        procedure("D2391", "100"),
        expect("20.00", line("80.00")),
        cover={"pending": [{"code": "D1110", "date": "2026-02-01", "deductible_applied": "50"}]},
    ),
    one(  # 50 - 30 = 20 left -> (100 - 20) x 80% = 64
        "Used adjustments count toward the deductible of as_of's benefit year",
        RESTORATIVE_DED_50,
        procedure("D2391", "100"),
        expect("36.00", line("64.00", "0.00", "20.00", ded("20.00"))),
        cover={"used": {"deductible": "30"}},
    ),
    many(  # a: excluded, no deductible; b: (100 - 50) x 50%
        "An excluded procedure takes no deductible",
        [procedure("D9972", "400", "a"), procedure("D2391", "100", "b")],
        [
            coverage(
                {
                    "coverage": [{"percent": 50}],
                    "deductibles": [{"amount": "50"}],
                    "exclusions": [{"codes": "D9972"}],
                }
            )
        ],
        {
            "a": expect("400.00", line("0.00", "0.00", "0.00", EXCLUDED)),
            "b": expect("75.00", line("25.00", "0.00", "50.00", ded("50.00"))),
        },
    ),
]

CROWNS_MAX_1000: dict[str, Any] = {"coverage": CROWNS_50, "maximums": [{"amount": "1000"}]}
ORTHO_MAXIMUMS: dict[str, Any] = {
    "coverage": [{"category": "orthodontics", "percent": 50}, *CROWNS_50],
    "maximums": [
        {"amount": "1000"},
        {"amount": "1500", "category": "orthodontics", "period": "lifetime"},
    ],
}


def paid(amount: str, code: str = "D2740", on: str = "2026-01-15", **extra: Any) -> dict[str, Any]:
    return {"code": code, "date": on, "insurance_paid": amount, "tooth": "3", **extra}


MAXIMUMS = [
    one(  # 1000 x 50% = 500, but 1000 - 900 = 100 left
        "The annual maximum caps the benefit",
        CROWNS_MAX_1000,
        procedure("D2740", "1000", tooth="30"),
        expect("900.00", line("100.00", "0.00", "0.00", reached("100.00"))),
        cover={"history": [paid("900")]},
        remaining=(("0.00", "0.00"),),
    ),
    one(
        "When the maximum is used up the benefit is $0",
        CROWNS_MAX_1000,
        procedure("D2740", "1000", tooth="30"),
        expect("1000.00", line("0.00", "0.00", "0.00", USED_UP)),
        cover={"history": [paid("1000")]},
    ),
    one(
        "Pending estimates count as used",
        CROWNS_MAX_1000,
        procedure("D2740", "1000", tooth="30"),
        expect("1000.00", line("0.00", "0.00", "0.00", USED_UP)),
        cover={"pending": [{"code": "D2740", "date": "2026-02-01", "insurance_estimate": "1000"}]},
    ),
    one(
        "Used adjustments count toward the annual maximum",
        CROWNS_MAX_1000,
        procedure("D2740", "1000", tooth="30"),
        expect("950.00", line("50.00", "0.00", "0.00", reached("50.00"))),
        cover={"used": {"annual_max": "950"}},
    ),
    one(  # 3000 x 50% = 1500; ortho lifetime 1500 - 500 = 1000 left; annual max is spent
        "The orthodontic lifetime maximum alone limits orthodontics",
        ORTHO_MAXIMUMS,
        procedure("D8080", "3000"),
        expect(
            "2000.00",
            line(
                "1000.00", "0.00", "0.00", reached("1,000.00", "Lifetime maximum for orthodontics")
            ),
        ),
        cover={"history": [paid("1000"), paid("500", "D8080", "2024-05-01")]},
        remaining=(("0.00", "0.00"),),
    ),
    one(  # the annual maximum keeps its 1000 - 200
        "Orthodontic benefits do not consume the annual maximum",
        ORTHO_MAXIMUMS,
        procedure("D8080", "1000"),
        expect("500.00", line("500.00")),
        cover={"history": [paid("200")]},
        remaining=(("800.00", "0.00"),),
    ),
    one(  # min(1500, 2000 - 1800) = 200
        "The family maximum caps what all members receive",
        {
            "coverage": CROWNS_50,
            "maximums": [{"amount": "1500"}, {"amount": "2000", "level": "family"}],
        },
        procedure("D2740", "1000", tooth="30"),
        expect(
            "800.00", line("200.00", "0.00", "0.00", reached("200.00", "Family annual maximum"))
        ),
        cover={"history": [paid("1800", family_member=True)]},
        remaining=(("0.00", "0.00"),),
    ),
    one(
        "A lifetime general maximum counts every year's benefits",
        {"coverage": CROWNS_50, "maximums": [{"amount": "2000", "period": "lifetime"}]},
        procedure("D2740", "1000", tooth="30"),
        expect("900.00", line("100.00", "0.00", "0.00", reached("100.00", "Lifetime maximum"))),
        cover={"history": [paid("1900", on="2022-05-01")]},
        remaining=((None, "0.00"),),
    ),
    many(  # a: 600; b: 1000 - 600 = 400 left
        "Earlier procedures of the request consume the maximum",
        [procedure("D2740", "1200", "a", tooth="3"), procedure("D2740", "1200", "b", tooth="14")],
        [coverage(CROWNS_MAX_1000)],
        {
            "a": expect("600.00", line("600.00")),
            "b": expect("800.00", line("400.00", "0.00", "0.00", reached("400.00"))),
        },
        remaining=(("0.00", "0.00"),),
    ),
    many(  # a: 400 capped at 300 by its own maximum; b: 80 from the annual maximum
        "A maximum scoped to some codes governs only those codes",
        [procedure("D7210", "500", "a", tooth="32"), procedure("D2391", "100", "b")],
        [
            coverage(
                {
                    "coverage": [*RESTORATIVE_80, {"category": "oral_surgery", "percent": 80}],
                    "maximums": [{"amount": "1000"}, {"amount": "300", "codes": "D7000-D7999"}],
                }
            )
        ],
        {
            "a": expect(
                "200.00",
                line(
                    "300.00",
                    "0.00",
                    "0.00",
                    reached("300.00", "Annual maximum for this kind of procedure"),
                ),
            ),
            "b": expect("20.00", line("80.00")),
        },
        remaining=(("920.00", "0.00"),),
    ),
]

EXAMS: dict[str, Any] = {
    "coverage": [{"category": "diagnostic", "percent": 100}],
    "frequencies": [{"codes": ["D0120", "D0150"], "count": 2, "period": "benefit_year"}],
}
CLEANINGS: dict[str, Any] = {
    "coverage": [{"category": "preventive", "percent": 100}],
    "frequencies": [{"codes": ["D1110"], "count": 1, "period": "benefit_year"}],
}


def srp(area: str) -> dict[str, Any]:
    return {
        "coverage": [{"category": "periodontics", "percent": 80}],
        "frequencies": [{"codes": ["D4341"], "count": 1, "period": {"months": 24}, "area": area}],
    }


def done(code: str, on: str, **extra: Any) -> dict[str, Any]:
    return {"code": code, "date": on, **extra}


def xrays(years_ago: str) -> Golden:
    denied = years_ago == "2021-03-02"
    want = (
        expect("140.00", line("0.00", "0.00", "0.00", freq("1 per 5 years")))
        if denied
        else expect("0.00", line("140.00"))
    )
    return one(
        "Rolling years: a day less than five years before counts"
        if denied
        else "Rolling years: exactly five years before no longer counts",
        {
            "coverage": [{"category": "diagnostic", "percent": 100}],
            "frequencies": [{"codes": ["D0210", "D0330"], "count": 1, "period": {"years": 5}}],
        },
        procedure("D0330", "140"),
        want,
        cover={"history": [done("D0210", years_ago)]},
    )


def bitewings(last: str, covered: bool) -> Golden:
    return one(
        "Rolling months: a service exactly 12 months before does not count"
        if covered
        else "Rolling months: a service less than 12 months before counts",
        {
            "coverage": [{"category": "diagnostic", "percent": 100}],
            "frequencies": [{"codes": ["D0274"], "count": 1, "period": {"months": 12}}],
        },
        procedure("D0274", "100"),
        expect("0.00", line("100.00"))
        if covered
        else expect("100.00", line("0.00", "0.00", "0.00", freq("1 per 12 months"))),
        cover={"history": [done("D0274", last)]},
    )


FREQUENCIES = [
    one(
        "A third exam in the benefit year is over the frequency: $0",
        EXAMS,
        procedure("D0120", "60"),
        expect("60.00", line("0.00", "0.00", "0.00", freq("2 per benefit year"))),
        cover={"history": [done("D0120", "2026-01-10"), done("D0150", "2026-02-01")]},
    ),
    many(
        "Benefit years starting in July: June is still the old year, July starts afresh",
        [
            procedure("D0120", "60", "a", date="2026-06-30"),
            procedure("D0120", "60", "b", date="2026-07-01"),
        ],
        [
            coverage(
                {**EXAMS, "benefit_year_start_month": 7},
                history=[done("D0120", "2025-08-01"), done("D0120", "2026-01-10")],
            )
        ],
        {
            "a": expect("60.00", line("0.00", "0.00", "0.00", freq("2 per benefit year"))),
            "b": expect("0.00", line("60.00")),
        },
        years={"a": "2025", "b": "2026"},
    ),
    one(
        "A calendar-year frequency ignores the benefit year",
        {
            **EXAMS,
            "benefit_year_start_month": 7,
            "frequencies": [{"codes": ["D0120"], "count": 1, "period": "calendar_year"}],
        },
        procedure("D0120", "60", date="2026-02-01"),
        expect("0.00", line("60.00")),
        cover={"history": [done("D0120", "2025-12-01")]},
    ),
    bitewings("2025-03-01", covered=True),
    bitewings("2025-03-02", covered=False),
    xrays("2021-03-02"),
    xrays("2021-03-01"),
    many(
        "A per-tooth frequency limits that tooth only",
        [procedure("D2740", "1000", "a", tooth="30"), procedure("D2740", "1000", "b", tooth="19")],
        [
            coverage(
                {
                    "coverage": CROWNS_50,
                    "frequencies": [
                        {
                            "codes": "D2740-D2799",
                            "count": 1,
                            "period": {"years": 5},
                            "area": "tooth",
                        }
                    ],
                },
                history=[done("D2740", "2023-05-01", tooth="30")],
            )
        ],
        {
            "a": expect(
                "1000.00", line("0.00", "0.00", "0.00", freq("1 per 5 years on this tooth"))
            ),
            "b": expect("500.00", line("500.00")),
        },
    ),
    many(
        "A per-arch frequency limits the same jaw only",
        [procedure("D4341", "200", "a", tooth="15"), procedure("D4341", "200", "b", tooth="18")],
        [coverage(srp("arch"), history=[done("D4341", "2025-06-01", tooth="2")])],
        {
            "a": expect(
                "200.00", line("0.00", "0.00", "0.00", freq("1 per 24 months on this jaw"))
            ),
            "b": expect("40.00", line("160.00")),
        },
    ),
    many(
        "A per-quadrant frequency limits the same quarter of the mouth only",
        [procedure("D4341", "200", "a", tooth="3"), procedure("D4341", "200", "b", tooth="14")],
        [coverage(srp("quadrant"), history=[done("D4341", "2025-06-01", tooth="2")])],
        {
            "a": expect(
                "200.00",
                line("0.00", "0.00", "0.00", freq("1 per 24 months in this quarter of the mouth")),
            ),
            "b": expect("40.00", line("160.00")),
        },
    ),
    many(
        "Earlier procedures of the request count toward frequencies",
        [procedure("D1110", "100", "a"), procedure("D1110", "100", "b", date="2026-09-01")],
        [coverage(CLEANINGS)],
        {
            "a": expect("0.00", line("100.00")),
            "b": expect("100.00", line("0.00", "0.00", "0.00", freq("1 per benefit year"))),
        },
    ),
    many(  # a (September, priority 1) is estimated first and counts for b (March)
        "A later-dated service estimated first still counts within the rolling window",
        [
            procedure("D0274", "100", "a", priority=1, date="2026-09-01"),
            procedure("D0274", "100", "b", priority=2),
        ],
        [
            coverage(
                {
                    "coverage": [{"category": "diagnostic", "percent": 100}],
                    "frequencies": [{"codes": ["D0274"], "count": 1, "period": {"months": 12}}],
                }
            )
        ],
        {
            "a": expect("0.00", line("100.00")),
            "b": expect("100.00", line("0.00", "0.00", "0.00", freq("1 per 12 months"))),
        },
    ),
    one(
        "A family member's services do not count toward the patient's frequencies",
        CLEANINGS,
        procedure("D1110", "100"),
        expect("0.00", line("100.00")),
        cover={"history": [done("D1110", "2026-01-10", family_member=True)]},
    ),
    one(
        "A pending claim counts toward frequencies",
        CLEANINGS,
        procedure("D1110", "100"),
        expect("100.00", line("0.00", "0.00", "0.00", freq("1 per benefit year"))),
        cover={"pending": [done("D1110", "2026-02-01")]},
    ),
    one(  # nothing from the plan, but the network fee of 80 still binds
        "A PPO keeps its write-off when a frequency limit stops the benefit",
        {**CLEANINGS, "type": "ppo", "allowed_fees": {"D1110": "80"}},
        procedure("D1110", "100"),
        expect("80.00", line("0.00", "20.00", "0.00", freq("1 per benefit year"))),
        cover={"history": [done("D1110", "2026-01-10")]},
    ),
    one(  # the allowed fee of 80 is what the plan counts on; the patient owes the rest
        "A percentage plan never writes off, even when a frequency stops the benefit",
        {**CLEANINGS, "allowed_fees": {"D1110": "80"}},
        procedure("D1110", "100"),
        expect("100.00", line("0.00", "0.00", "0.00", freq("1 per benefit year"))),
        cover={"history": [done("D1110", "2026-01-10")]},
    ),
    one(
        "Policy zero_writeoff_on_frequency_or_age drops that write-off",
        {**CLEANINGS, "type": "ppo", "allowed_fees": {"D1110": "80"}},
        procedure("D1110", "100"),
        expect(
            "100.00", line("0.00", "0.00", "0.00", freq("1 per benefit year"), NO_WRITE_OFF_LIMIT)
        ),
        cover={"history": [done("D1110", "2026-01-10")]},
        policy={"zero_writeoff_on_frequency_or_age": True},
    ),
]

FLUORIDE: dict[str, Any] = {
    "coverage": [{"category": "preventive", "percent": 100}],
    "age_limits": [{"codes": ["D1206", "D1208"], "max_age": 14}],
}
CROWN_WAIT: dict[str, Any] = {
    "coverage": CROWNS_50,
    "waiting_periods": [{"category": "crowns", "months": 12}],
}
WAIT_NOTE = "Waiting period for crowns ends 2027-01-01"

AGES_AND_WAITING = [
    many(  # 14 on 2027-04-29, 15 on 2027-04-30
        "Age limits are inclusive: covered through the last day of max_age",
        [
            procedure("D1208", "45", "a", date="2027-04-29"),
            procedure("D1208", "45", "b", date="2027-04-30"),
        ],
        [coverage(FLUORIDE)],
        {
            "a": expect("0.00", line("45.00")),
            "b": expect(
                "45.00",
                line("0.00", "0.00", "0.00", "Covered through age 14; $0 benefit at age 15"),
            ),
        },
        born="2012-04-30",
    ),
    one(
        "Policy zero_writeoff_on_frequency_or_age drops the write-off above the age limit too",
        {**FLUORIDE, "type": "ppo", "allowed_fees": {"D1208": "30"}},
        procedure("D1208", "45"),
        expect(
            "45.00",
            line(
                "0.00",
                "0.00",
                "0.00",
                "Covered through age 14; $0 benefit at age 16",
                NO_WRITE_OFF_LIMIT,
            ),
        ),
        born="2010-01-01",
        policy={"zero_writeoff_on_frequency_or_age": True},
    ),
    one(
        "Before the waiting period ends the benefit is $0",
        CROWN_WAIT,
        procedure("D2740", "1000", tooth="30", date="2026-06-01"),
        expect("1000.00", line("0.00", "0.00", "0.00", f"{WAIT_NOTE}; $0 benefit before then")),
        cover={"effective_date": "2026-01-01"},
    ),
    one(
        "On the day the waiting period ends the crown is covered; the note keeps the date",
        CROWN_WAIT,
        procedure("D2740", "1000", tooth="30", date="2027-01-01"),
        expect("500.00", line("500.00", "0.00", "0.00", WAIT_NOTE)),
        cover={"effective_date": "2026-01-01"},
        years={"a": "2027"},
    ),
    one(
        "A waiting period of 0 months delays nothing and needs no note",
        {**CROWN_WAIT, "waiting_periods": [{"category": "crowns", "months": 0}]},
        procedure("D2740", "1000", tooth="30"),
        expect("500.00", line("500.00")),
        cover={"effective_date": "2026-01-01"},
    ),
    one(
        "A PPO keeps its write-off during a waiting period",
        {**CROWN_WAIT, "type": "ppo", "allowed_fees": {"D2740": "800"}},
        procedure("D2740", "1000", tooth="30", date="2026-06-01"),
        expect("800.00", line("0.00", "200.00", "0.00", f"{WAIT_NOTE}; $0 benefit before then")),
        cover={"effective_date": "2026-01-01"},
    ),
    one(
        "Before the coverage starts the benefit is $0, with no network write-off",
        PPO_D2391,
        procedure("D2391", "200", tooth="14"),
        expect(
            "200.00",
            line("0.00", "0.00", "0.00", "Coverage starts 2026-06-01; $0 benefit before then"),
        ),
        cover={"effective_date": "2026-06-01"},
    ),
    one(
        "An excluded code on a PPO: $0 and no network write-off",
        {
            "type": "ppo",
            "allowed_fees": {"D9972": "300"},
            "coverage": [{"percent": 50}],
            "exclusions": [{"codes": "D9972"}],
        },
        procedure("D9972", "400"),
        expect("400.00", line("0.00", "0.00", "0.00", EXCLUDED)),
    ),
    one(
        "An exclusion may name a whole category",
        {"coverage": [{"percent": 50}], "exclusions": [{"category": "orthodontics"}]},
        procedure("D8080", "3000"),
        expect("3000.00", line("0.00", "0.00", "0.00", EXCLUDED)),
    ),
]

DOWNGRADED = "Downgraded to the allowance of D2140 ($100.00)"

DOWNGRADES = [
    one(  # 100 x 80% = 80; write-off 200 - 150
        "A posterior downgrade: insurance on D2140's allowance, write-off on D2391's",
        downgrade("posterior"),
        procedure("D2391", "200", tooth="14"),
        expect("70.00", line("80.00", "50.00", "0.00", DOWNGRADED, allowed="150.00")),
    ),
    one(
        "A posterior-only downgrade leaves front teeth alone",
        downgrade("posterior"),
        procedure("D2391", "200", tooth="8"),
        expect("30.00", line("120.00", "50.00")),
    ),
    one(
        "A posterior-only downgrade needs a tooth: without one it does not apply",
        downgrade("posterior"),
        procedure("D2391", "200"),
        expect("30.00", line("120.00", "50.00")),
    ),
    many(
        "A molar-only downgrade leaves a premolar alone and downgrades a molar",
        [procedure("D2391", "200", "a", tooth="5"), procedure("D2391", "200", "b", tooth="3")],
        [coverage(downgrade("molar"))],
        {
            "a": expect("30.00", line("120.00", "50.00")),
            "b": expect("70.00", line("80.00", "50.00", "0.00", DOWNGRADED)),
        },
    ),
    one(
        "A downgrade to a code with a higher allowance changes nothing",
        {**downgrade("always"), "allowed_fees": {"D2391": "150", "D2140": "170"}},
        procedure("D2391", "200"),
        expect("30.00", line("120.00", "50.00")),
    ),
    one(
        "An 'always' downgrade needs no tooth",
        downgrade("always"),
        procedure("D2391", "200"),
        expect("70.00", line("80.00", "50.00", "0.00", DOWNGRADED)),
    ),
    one(  # (100 - 50) x 80% = 40
        "The deductible comes off the downgraded allowance",
        {**downgrade("always"), "deductibles": [{"amount": "50"}]},
        procedure("D2391", "200"),
        expect("110.00", line("40.00", "50.00", "50.00", DOWNGRADED, ded("50.00"))),
    ),
    one(
        "A downgrade to a code with no allowed fee, when blank fees are not covered: $0",
        {**downgrade("always"), "allowed_fees": {"D2391": "150"}},
        procedure("D2391", "200"),
        expect(
            "200.00",
            line("0.00", "0.00", "0.00", "No allowed fee for D2140 in this plan; $0 benefit"),
        ),
        policy={"blank_allowed_fee": "not_covered"},
    ),
    one(
        "A downgrade to a code with no allowed fee, when blank fees use the fee: no downgrade",
        {**downgrade("always"), "allowed_fees": {"D2391": "150"}},
        procedure("D2391", "200"),
        expect("30.00", line("120.00", "50.00")),
    ),
]

MAX_SPENT = {"history": [paid("1000")]}
PPO_WITH_MAX: dict[str, Any] = {**PPO_D2391, "maximums": [{"amount": "1000"}]}

WRITE_OFF_POLICIES = [
    one(
        "zero_writeoff_when_max_used: no write-off once the maximum was used up before",
        PPO_WITH_MAX,
        procedure("D2391", "200", tooth="14"),
        expect("200.00", line("0.00", "0.00", "0.00", USED_UP, NO_WRITE_OFF_MAX)),
        cover=MAX_SPENT,
        policy={"zero_writeoff_when_max_used": True},
    ),
    one(  # 120 capped at the 50 left; the write-off stands
        "zero_writeoff_when_max_used: the procedure using the last of the maximum keeps it",
        PPO_WITH_MAX,
        procedure("D2391", "200", tooth="14"),
        expect("100.00", line("50.00", "50.00", "0.00", reached("50.00"))),
        cover={"history": [paid("950")]},
        policy={"zero_writeoff_when_max_used": True},
    ),
    one(
        "By default a used-up maximum leaves the PPO write-off in place",
        PPO_WITH_MAX,
        procedure("D2391", "200", tooth="14"),
        expect("150.00", line("0.00", "50.00", "0.00", USED_UP)),
        cover=MAX_SPENT,
    ),
    one(
        "blank_allowed_fee not_covered: a code missing from allowed_fees is $0",
        {**PPO_D2391, "allowed_fees": {}},
        procedure("D2391", "200", tooth="14"),
        expect(
            "200.00",
            line("0.00", "0.00", "0.00", "No allowed fee for D2391 in this plan; $0 benefit"),
        ),
        policy={"blank_allowed_fee": "not_covered"},
    ),
    one(
        "blank_allowed_fee use_fee: a missing code is allowed at the office fee",
        {**PPO_D2391, "allowed_fees": {}},
        procedure("D2391", "200", tooth="14"),
        expect("40.00", line("160.00", allowed="200.00")),
    ),
]


def pct(percent: int, **plan: Any) -> dict[str, Any]:
    return {"coverage": [{"percent": percent}], **plan}


def coordinated(insurance: str, normal: str) -> str:
    return f"Coordinated with earlier plans: ${insurance} instead of ${normal}"


def reduced(amount: str) -> str:
    return f"Network discount reduced by ${amount} so that payments do not exceed the fee"


D2391 = procedure("D2391", "100", tooth="14")
PPO_80 = {"type": "ppo", "allowed_fees": {"D2391": "80"}}

COORDINATION = [
    many(  # primary 64 + write-off 20; secondary min(50, 100 - 64 - 20) = 16
        "Standard: the secondary pays at most what the primary and its write-off leave",
        [D2391],
        [coverage({**PPO_80, "coverage": RESTORATIVE_80}), coverage(pct(50))],
        {
            "a": expect(
                "0.00",
                line("64.00", "20.00"),
                line("16.00", "0.00", "0.00", coordinated("16.00", "50.00")),
            )
        },
    ),
    many(  # 100 - 80
        "Non-duplication: the secondary pays what it would pay alone less what was paid",
        [D2391],
        [coverage(pct(80)), coverage(pct(100, cob="non_duplication"))],
        {
            "a": expect(
                "0.00",
                line("80.00"),
                line(
                    "20.00",
                    "0.00",
                    "0.00",
                    "Non-duplication: $100.00 as a primary plan, less $80.00 paid by earlier plans",
                ),
            )
        },
    ),
    many(
        "Non-duplication pays nothing when the primary already paid as much",
        [D2391],
        [coverage(pct(80)), coverage(pct(80, cob="non_duplication"))],
        {
            "a": expect(
                "20.00",
                line("80.00"),
                line(
                    "0.00",
                    "0.00",
                    "0.00",
                    "Non-duplication: $80.00 as a primary plan, less $80.00 paid by earlier plans",
                ),
            )
        },
    ),
    many(  # normal 90 x 80% = 72; min(72, 90 - 50) = 40
        "secondary_allowed: the secondary pays up to its own allowed fee less what was paid",
        [D2391],
        [
            coverage(pct(50)),
            coverage(pct(80, allowed_fees={"D2391": "90"}, cob="secondary_allowed")),
        ],
        {
            "a": expect(
                "10.00",
                line("50.00"),
                line(
                    "40.00",
                    "0.00",
                    "0.00",
                    "Limited to this plan's allowed fee less $50.00 paid by earlier plans "
                    "($40.00 instead of $72.00)",
                ),
            )
        },
    ),
    many(  # 30 + 70 paid and 40 written off exceed 100: the write-off gives way
        "A PPO primary's write-off is reduced so that payments and write-off stay within the fee",
        [D2391],
        [
            coverage(pct(50, type="ppo", allowed_fees={"D2391": "60"})),
            coverage(pct(100, cob="secondary_allowed")),
        ],
        {
            "a": expect(
                "0.00",
                line("30.00", "0.00", "0.00", reduced("40.00")),
                line(
                    "70.00",
                    "0.00",
                    "0.00",
                    "Limited to this plan's allowed fee less $30.00 paid by earlier plans "
                    "($70.00 instead of $100.00)",
                ),
            )
        },
    ),
    many(
        "Only the first coverage takes a write-off unless the policy says otherwise",
        [D2391],
        [coverage(pct(50)), coverage(pct(50, **PPO_80))],
        {"a": expect("10.00", line("50.00"), line("40.00", "0.00", "0.00", FIRST_PLAN))},
    ),
    many(  # 50 + 40 + 20 = 110: the secondary's write-off gives 10 back
        "secondary_ppo_writeoff: a later PPO takes its write-off too, within the fee",
        [D2391],
        [coverage(pct(50)), coverage(pct(50, **PPO_80))],
        {"a": expect("0.00", line("50.00"), line("40.00", "10.00", "0.00", reduced("10.00")))},
        policy={"secondary_ppo_writeoff": True},
    ),
    many(  # secondary write-off 30 - 20 = 10; then 40 + 35 + 20 + 10 = 105: primary gives 5
        "secondary_ppo_writeoff: a later discount counts only beyond the earlier one",
        [D2391],
        [
            coverage(pct(50, **PPO_80)),
            coverage(pct(50, type="ppo", allowed_fees={"D2391": "70"})),
        ],
        {
            "a": expect(
                "0.00",
                line("40.00", "15.00", "0.00", reduced("5.00")),
                line(
                    "35.00",
                    "10.00",
                    "0.00",
                    "Network discount less the $20.00 that earlier plans already took",
                ),
            )
        },
        policy={"secondary_ppo_writeoff": True},
    ),
    many(  # 50, then 30, then min(100, 100 - 80) = 20
        "A tertiary coverage coordinates with both earlier plans",
        [D2391],
        [coverage(pct(50)), coverage(pct(30)), coverage(pct(100))],
        {
            "a": expect(
                "0.00",
                line("50.00"),
                line("30.00"),
                line("20.00", "0.00", "0.00", coordinated("20.00", "100.00")),
            )
        },
    ),
    many(
        "A secondary that pays nothing leaves the primary as it is",
        [D2391],
        [coverage(pct(80, type="ppo", allowed_fees={"D2391": "90"})), coverage(CLEANINGS)],
        {"a": expect("18.00", line("72.00", "10.00"), line("0.00", "0.00", "0.00", NOT_COVERED))},
    ),
    many(  # the secondary covers nothing here; the tertiary pays min(100, 100 - 50)
        "A tertiary coverage still pays when the secondary does not",
        [D2391],
        [coverage(pct(50)), coverage(CLEANINGS), coverage(pct(100))],
        {
            "a": expect(
                "0.00",
                line("50.00"),
                line("0.00", "0.00", "0.00", NOT_COVERED),
                line("50.00", "0.00", "0.00", coordinated("50.00", "100.00")),
            )
        },
    ),
    many(  # the secondary PPO pays nothing (frequency) and its write-off is not taken
        "A later PPO that pays nothing takes no write-off either",
        [procedure("D1110", "100")],
        [
            coverage(pct(50)),
            coverage(
                {**CLEANINGS, "type": "ppo", "allowed_fees": {"D1110": "80"}},
                history=[done("D1110", "2026-01-10")],
            ),
        ],
        {
            "a": expect(
                "50.00",
                line("50.00"),
                line("0.00", "0.00", "0.00", freq("1 per benefit year"), FIRST_PLAN),
            )
        },
    ),
    many(  # secondary alone: (100 - 50) x 100% = 50; coordinated to 20
        "A secondary takes its own deductible before coordinating",
        [D2391],
        [coverage(pct(80)), coverage(pct(100, deductibles=[{"amount": "50"}]))],
        {
            "a": expect(
                "0.00",
                line("80.00"),
                line("20.00", "0.00", "50.00", ded("50.00"), coordinated("20.00", "50.00")),
            )
        },
        remaining=((None, "0.00"), (None, "0.00")),
    ),
]

YEARS_UNITS_ORDER = [
    one(
        "A procedure in the next benefit year gets a fresh maximum",
        CROWNS_MAX_1000,
        procedure("D2740", "1000", tooth="30", date="2027-01-15"),
        expect("500.00", line("500.00")),
        cover=MAX_SPENT,
        remaining=(("500.00", "0.00"),),
        years={"a": "2027"},
    ),
    many(
        "Earlier procedures of the request in the later year count toward that year",
        [
            procedure("D2740", "1200", "a", tooth="3", date="2027-01-15"),
            procedure("D2740", "1200", "b", tooth="14", date="2027-02-01"),
        ],
        [coverage(CROWNS_MAX_1000, history=MAX_SPENT["history"])],
        {
            "a": expect("600.00", line("600.00")),
            "b": expect("800.00", line("400.00", "0.00", "0.00", reached("400.00"))),
        },
        remaining=(("0.00", "0.00"),),
    ),
    many(
        "A benefit year starting in July: June belongs to the year before",
        [
            procedure("D2740", "1000", "a", tooth="3", date="2026-06-30"),
            procedure("D2740", "1000", "b", tooth="14", date="2026-07-01"),
        ],
        [
            coverage(
                {**CROWNS_MAX_1000, "benefit_year_start_month": 7},
                history=[paid("1000", on="2025-08-01")],
            )
        ],
        {
            "a": expect("1000.00", line("0.00", "0.00", "0.00", USED_UP)),
            "b": expect("500.00", line("500.00")),
        },
        remaining=(("500.00", "0.00"),),
        years={"a": "2025", "b": "2026"},
    ),
    one(  # (50 - 10) x 3 = 120; write-off (80 - 50) x 3 = 90; patient 240 - 210
        "Units: fee, allowed fee and copay are per unit",
        {
            "type": "flat_copay",
            "allowed_fees": {"D4341": "50"},
            "copays": {"D4341": "10"},
            "coverage": [{"percent": 100}],
        },
        procedure("D4341", "80", tooth="2", units=3),
        expect("30.00", line("120.00", "90.00", allowed="50.00", copay="10.00")),
    ),
    one(  # (200 - 50) x 80%
        "Units: the deductible is taken once from the total",
        RESTORATIVE_DED_50,
        procedure("D2391", "100", units=2),
        expect("80.00", line("120.00", "0.00", "50.00", ded("50.00"))),
    ),
    many(
        "Priority decides the order: priority 1 takes the deductible",
        [
            procedure("D2391", "100", "a", priority=2),
            procedure("D2392", "100", "b", priority=1),
        ],
        [coverage(RESTORATIVE_DED_50)],
        {
            "a": expect("20.00", line("80.00")),
            "b": expect("60.00", line("40.00", "0.00", "50.00", ded("50.00"))),
        },
    ),
    many(
        "No priority goes last; the same priority goes by date",
        [
            procedure("D2391", "100", "a"),
            procedure("D2391", "100", "b", priority=1, date="2026-05-01"),
            procedure("D2391", "100", "c", priority=1, date="2026-04-01"),
        ],
        [coverage(RESTORATIVE_DED_50)],
        {
            "a": expect("20.00", line("80.00")),
            "b": expect("20.00", line("80.00")),
            "c": expect("60.00", line("40.00", "0.00", "50.00", ded("50.00"))),
        },
    ),
    one(  # 100.05 x 50% = 50.025 -> 50.03
        "Insurance is rounded half-up to the cent",
        {"coverage": [{"percent": 50}]},
        procedure("D2391", "100.05"),
        expect("50.02", line("50.03")),
    ),
    one(  # 33.33 x 50% = 16.665 -> 16.67
        "Half-up rounding again: 16.665 becomes 16.67",
        {"coverage": [{"percent": 50}]},
        procedure("D2391", "33.33"),
        expect("16.66", line("16.67")),
    ),
    many(
        "Without coverage the patient pays the full fee",
        [procedure("D2391", "100", units=2)],
        [],
        {"a": expect("200.00", notes=(NO_COVERAGE,))},
        remaining=(),
    ),
]

CASES: list[Golden] = [
    *PLAN_TYPES,
    *COVERAGE_LOOKUP,
    *DEDUCTIBLES,
    *MAXIMUMS,
    *FREQUENCIES,
    *AGES_AND_WAITING,
    *DOWNGRADES,
    *WRITE_OFF_POLICIES,
    *COORDINATION,
    *YEARS_UNITS_ORDER,
]
