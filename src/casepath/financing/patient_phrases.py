"""The phrases of the patient's "Ways to pay" pages, in English and Spanish, and the
plain words of each way to pay built from them.

Same rules as core.explain and cases.patient.phrases: short sentences at a 6th-grade
reading level, the same keys and format fields in both languages (tests check both).
Money arrives formatted ("$1,250.00"). The federal Truth-in-Lending box keeps the
words the regulation prescribes; it is not here.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Final

from casepath.cases.patient.display import dollars
from casepath.cases.patient.phrases import phrases as page_phrases
from casepath.core.explain import language_of
from casepath.core.financing.arrangements import Arrangement, ArrangementKind

_EN: Final[dict[str, str]] = {
    "pay_intro": "Here are the ways you can pay for your plan. Pick the one that works for you.",
    "your_part": "Your part is {amount}.",
    "pay_back": "Back to my plan",
    "pay_link": "See the ways to pay",
    "choose_first": "Please choose a treatment option first.",
    "not_priced": "We do not have the cost yet. Please call us.",
    "nothing_to_pay": "Your insurance pays for all of it. You pay nothing.",
    "name_pay_in_full": "Pay in full",
    "name_in_house": "Payment plan with us",
    "words_full": "Pay {amount} today.",
    "words_full_saved": "Pay {amount} today. You save {saved}.",
    "words_today_monthly": "Pay {down} today. Then pay {monthly} a month for {months} months.",
    "words_monthly": "Pay {monthly} a month for {months} months.",
    "words_last": "The last payment is {amount}.",
    "words_total": "You pay {total} in all.",
    "words_no_interest": "There is no interest.",
    "words_apr": "The yearly rate is {rate}.",
    "words_lender": "This is a loan from {lender}. You apply with them.",
    "words_deferred": "Pay it all in {months} months. If not, you pay interest from the first day.",
    "words_member": "Join {plan}. Your care then costs less.",
    "apply_online": "Apply online",
    "choose_way": "Choose this way to pay",
    "slider_heading": "Make your own plan",
    "slider_help": "Move the slider. Pay more today to pay less each month.",
    "slider_label": "Pay today",
    "today": "Today",
    "each_month": "Each month",
    "for_months": "For {months} months",
    "choose_plan": "Choose this plan",
    "step_missing": "Please move the slider to pick an amount.",
    "way_missing": "Please choose a way to pay.",
    "way_chosen": "You chose: {name}",
    "sign_plan": "Read and sign the payment plan",
    "agreement_heading": "Your payment plan",
    "agreement_help": "Please read it all. Then sign at the end.",
    "agreement_agree": "I agree to pay as this plan says.",
    "plan_signed": "Thank you. Your payment plan is signed.",
    "plan_pdf": "Save the signed plan",
    "plan_stale": "This plan was made on another day. Please choose it again.",
    "plan_closed": "This plan can no longer be signed. Please call us.",
    "choice_settled": "Your payment plan is signed. Please call us to change it.",
}

_ES: Final[dict[str, str]] = {
    "pay_intro": "Estas son las formas de pagar su plan. Elija la que le sirva.",
    "your_part": "Su parte es {amount}.",
    "pay_back": "Volver a mi plan",
    "pay_link": "Ver las formas de pagar",
    "choose_first": "Por favor, elija primero una opción.",
    "not_priced": "Todavía no tenemos el costo. Por favor, llámenos.",
    "nothing_to_pay": "Su seguro paga todo. Usted no paga nada.",
    "name_pay_in_full": "Pagar todo",
    "name_in_house": "Plan de pagos con nosotros",
    "words_full": "Pague {amount} hoy.",
    "words_full_saved": "Pague {amount} hoy. Ahorra {saved}.",
    "words_today_monthly": "Pague {down} hoy. Luego pague {monthly} al mes por {months} meses.",
    "words_monthly": "Pague {monthly} al mes por {months} meses.",
    "words_last": "El último pago es {amount}.",
    "words_total": "En total paga {total}.",
    "words_no_interest": "No hay interés.",
    "words_apr": "La tasa del año es {rate}.",
    "words_lender": "Es un préstamo de {lender}. Usted lo pide con ellos.",
    "words_deferred": "Pague todo en {months} meses. Si no, paga interés desde el primer día.",
    "words_member": "Únase a {plan}. Así su cuidado cuesta menos.",
    "apply_online": "Pedirlo en línea",
    "choose_way": "Elegir esta forma de pago",
    "slider_heading": "Haga su propio plan",
    "slider_help": "Mueva la barra. Si paga más hoy, paga menos cada mes.",
    "slider_label": "Pago de hoy",
    "today": "Hoy",
    "each_month": "Cada mes",
    "for_months": "Por {months} meses",
    "choose_plan": "Elegir este plan",
    "step_missing": "Por favor, mueva la barra para elegir un monto.",
    "way_missing": "Por favor, elija una forma de pago.",
    "way_chosen": "Usted eligió: {name}",
    "sign_plan": "Leer y firmar el plan de pagos",
    "agreement_heading": "Su plan de pagos",
    "agreement_help": "Por favor, léalo todo. Luego firme al final.",
    "agreement_agree": "Acepto pagar como dice este plan.",
    "plan_signed": "Gracias. Su plan de pagos está firmado.",
    "plan_pdf": "Guardar el plan firmado",
    "plan_stale": "Este plan se hizo otro día. Por favor, elíjalo otra vez.",
    "plan_closed": "Este plan ya no se puede firmar. Por favor, llámenos.",
    "choice_settled": "Su plan de pagos está firmado. Por favor, llámenos para cambiarlo.",
}

PAY_PHRASES: Final[dict[str, dict[str, str]]] = {"en": _EN, "es": _ES}


def pay_phrases(language: str) -> Mapping[str, str]:
    """The patient pages' phrases and these, in `language` (English for anything unknown)."""
    code = language_of(language)
    return {**page_phrases(code), **PAY_PHRASES[code]}


def pay_phrase(key: str, language: str, **fields: object) -> str:
    text = pay_phrases(language)[key]
    return text.format(**fields) if fields else text


def rate_text(rate: Decimal) -> str:
    """9.9% for 9.90, 12% for 12.00."""
    return f"{rate.normalize():f}%"


def way_name(arrangement: Arrangement, language: str) -> str:
    """The practice names lenders and memberships; the two of its own are translated."""
    own = {
        ArrangementKind.PAY_IN_FULL: "name_pay_in_full",
        ArrangementKind.IN_HOUSE: "name_in_house",
    }
    key = own.get(arrangement.kind)
    return pay_phrase(key, language) if key else arrangement.name


def way_words(arrangement: Arrangement, owed: Decimal, language: str) -> str:
    """The way to pay in plain words, in the patient's language."""
    kind, a = arrangement.kind, arrangement
    if kind == ArrangementKind.INSURANCE_ONLY:
        return pay_phrase("nothing_to_pay", language)
    if kind == ArrangementKind.PAY_IN_FULL:
        saved = owed - a.upfront
        if saved > 0:
            return pay_phrase(
                "words_full_saved",
                language,
                amount=dollars(str(a.upfront)),
                saved=dollars(str(saved)),
            )
        return pay_phrase("words_full", language, amount=dollars(str(a.upfront)))
    parts = []
    if kind == ArrangementKind.LENDER:
        parts.append(pay_phrase("words_lender", language, lender=a.name))
    if kind == ArrangementKind.MEMBERSHIP:
        parts.append(pay_phrase("words_member", language, plan=a.name))
    parts.append(_payments(a, language))
    if a.warning:
        parts.append(pay_phrase("words_deferred", language, months=a.number_of_payments))
    elif kind != ArrangementKind.MEMBERSHIP:
        parts.append(_rate(a.apr_percent, language))
    parts.append(pay_phrase("words_total", language, total=dollars(str(a.total_cost_to_patient))))
    return " ".join(parts)


def _payments(a: Arrangement, language: str) -> str:
    monthly = dollars(str(a.monthly))
    if not a.number_of_payments:
        return pay_phrase("words_full", language, amount=dollars(str(a.upfront)))
    if a.upfront:
        text = pay_phrase(
            "words_today_monthly",
            language,
            down=dollars(str(a.upfront)),
            monthly=monthly,
            months=a.number_of_payments,
        )
    else:
        text = pay_phrase("words_monthly", language, monthly=monthly, months=a.number_of_payments)
    if a.number_of_payments > 1 and a.last_payment and a.last_payment != a.monthly:
        text += " " + pay_phrase("words_last", language, amount=dollars(str(a.last_payment)))
    return text


def _rate(apr: Decimal, language: str) -> str:
    if not apr:
        return pay_phrase("words_no_interest", language)
    return pay_phrase("words_apr", language, rate=rate_text(apr))
