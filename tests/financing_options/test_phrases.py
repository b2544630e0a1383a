"""The "Ways to pay" phrases follow the patient pages' rules: the same keys and fields in
both languages, none hiding another, and a 6th-grade reading level (tests/core/explain)."""

from __future__ import annotations

import string
from decimal import Decimal

import pytest

from casepath.cases.patient.phrases import EXTRA
from casepath.core.explain import WORDS
from casepath.core.financing.arrangements import Arrangement, ArrangementKind
from casepath.financing.patient_phrases import PAY_PHRASES, pay_phrase, way_name, way_words
from tests.core.explain.reading import (
    SAMPLE_FIELDS,
    Grade,
    give_nltk_the_cmu_dictionary,
    school_grade,
)

MAX_GRADE = 6
SAMPLES = SAMPLE_FIELDS | {
    "down": "$330.00",
    "monthly": "$115.99",
    "total": "$1,721.85",
    "saved": "$82.50",
    "rate": "9.9%",
    "lender": "SmileCredit",
    "plan": "Healthy smile club",
}
D = Decimal


@pytest.fixture(scope="module")
def grade(tmp_path_factory: pytest.TempPathFactory) -> Grade:
    give_nltk_the_cmu_dictionary(tmp_path_factory.mktemp("nltk_data"))
    return school_grade()


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_the_same_keys_and_fields() -> None:
    assert set(PAY_PHRASES["en"]) == set(PAY_PHRASES["es"])
    for key, english in PAY_PHRASES["en"].items():
        assert fields(english) == fields(PAY_PHRASES["es"][key]), key


def test_no_phrase_hides_one_of_the_patient_pages() -> None:
    assert not set(PAY_PHRASES["en"]) & set(WORDS["en"])
    assert not set(PAY_PHRASES["en"]) & set(EXTRA["en"])


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_phrase_reads_at_grade_six_or_below(grade: Grade, language: str) -> None:
    hard = {
        key: score
        for key, text in PAY_PHRASES[language].items()
        if len(text.split()) >= 3 and (score := grade(text.format(**SAMPLES), language)) > MAX_GRADE
    }
    assert not hard


def way(kind: ArrangementKind, name: str, **figures: object) -> Arrangement:
    values: dict[str, object] = {
        "upfront": D("0.00"),
        "monthly": D("0.00"),
        "number_of_payments": 0,
        "total_cost_to_patient": D("0.00"),
        "net_to_practice": D("0.00"),
        "apr_percent": D("0.00"),
        "words": "",
    }
    return Arrangement(kind=kind, name=name, **(values | figures))  # type: ignore[arg-type]


def test_each_way_in_plain_words_in_both_languages() -> None:
    plan = way(
        ArrangementKind.IN_HOUSE,
        "Payment plan with us",
        upfront=D("330.00"),
        monthly=D("115.99"),
        number_of_payments=12,
        last_payment=D("115.96"),
        total_cost_to_patient=D("1721.85"),
        apr_percent=D("9.90"),
    )
    assert way_words(plan, D("1650.00"), "en") == (
        "Pay $330.00 today. Then pay $115.99 a month for 12 months. The last payment is "
        "$115.96. The yearly rate is 9.9%. You pay $1,721.85 in all."
    )
    assert way_words(plan, D("1650.00"), "Spanish").startswith(
        "Pague $330.00 hoy. Luego pague $115.99 al mes por 12 meses."
    )
    assert way_name(plan, "es") == "Plan de pagos con nosotros"
    full = way(ArrangementKind.PAY_IN_FULL, "Pay in full", upfront=D("1567.50"))
    assert way_words(full, D("1650.00"), "en") == "Pay $1,567.50 today. You save $82.50."
    loan = way(
        ArrangementKind.LENDER,
        "SmileCredit",
        monthly=D("137.50"),
        number_of_payments=12,
        last_payment=D("137.50"),
        total_cost_to_patient=D("1650.00"),
        warning="Pay it all off in 12 months.",
    )
    assert way_words(loan, D("1650.00"), "en") == (
        "This is a loan from SmileCredit. You apply with them. Pay $137.50 a month for 12 "
        "months. Pay it all in 12 months. If not, you pay interest from the first day. "
        "You pay $1,650.00 in all."
    )
    assert way_name(loan, "es") == "SmileCredit"
    nothing = way(ArrangementKind.INSURANCE_ONLY, "Insurance pays")
    assert way_words(nothing, D("0"), "es") == "Su seguro paga todo. Usted no paga nada."
    assert pay_phrase("your_part", "fr", amount="$5.00") == "Your part is $5.00."
