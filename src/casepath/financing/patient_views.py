"""The patient's "Ways to pay" pages, on their secure link (/p/<token>/pay/...).

For the option the patient chose (or accepted): every way to pay in plain words, in the
presentation's language; a slider between down payment and monthly payment for a
payment plan with the practice; the patient's choice (recorded on the case, chosen by
"patient"); and for that plan, the agreement to read and sign, then its PDF.

The money is the presentation's (the snapshot: what the patient was shown). Every page
goes through the patient gate (cases/patient/gate.py): an unknown token is 404, an
expired or revoked link 410, and signing checks the link again inside its transaction.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casepath.audit.services import client_ip
from casepath.cases.files import private_file
from casepath.cases.forms import show_errors
from casepath.cases.models import PatientLink
from casepath.cases.patient import services as link_services
from casepath.cases.patient.display import dollars
from casepath.cases.patient.forms import SignForm
from casepath.cases.patient.gate import link_page, not_found, page_base
from casepath.cases.patient.phrases import phrase
from casepath.core.errors import CasepathError
from casepath.core.financing.arrangements import ArrangementKind
from casepath.financing import choice_services, options
from casepath.financing.agreement import agreement_context, agreement_refusal, agreement_sign
from casepath.financing.models import FinancialChoice, PaymentPlan, PlanStatus
from casepath.financing.options import OptionWays
from casepath.financing.patient_phrases import pay_phrase, pay_phrases, way_name, way_words

# Why the patient cannot sign, in their words (agreement.agreement_refusal's reasons).
REFUSAL_KEYS = {"signed": "choice_settled", "cancelled": "plan_closed", "stale": "plan_stale"}


class WayForm(forms.Form):
    """A way to pay: "kind:name" from a card, or the slider's position for the plan."""

    way = forms.CharField(max_length=140)
    step = forms.IntegerField(required=False, min_value=0)


def _option(link: PatientLink) -> dict[str, Any] | None:
    """The snapshot's option the patient accepted, or else chose."""
    wanted = link.case.accepted_option_id or link.chosen_option_id
    shown = link.presentation.snapshot.get("options", [])
    return next((o for o in shown if o["id"] == wanted), None) if wanted else None


def _replaced(link: PatientLink, language: str) -> str:
    """Why the link's figures are out of date (a newer presentation, a changed plan), or ""."""
    case = link.case
    latest = case.presentations.order_by("-number").values_list("pk", flat=True).first()
    if latest != link.presentation_id:
        return phrase("plan_replaced", language)
    if case.plan_version != link.presentation.plan_version:
        return phrase("plan_changed", language)
    return ""


def _ways(link: PatientLink, option: dict[str, Any]) -> OptionWays:
    offer = options.practice_offer(link.practice)
    money = options.snapshot_money(option)
    return options.ways_for(option["id"], option["name"], money, offer, timezone.localdate())


def _choice(link: PatientLink) -> FinancialChoice | None:
    return choice_services.latest_choice(link.case)


def _page(request: HttpRequest, link: PatientLink, token: str, error: str = "") -> HttpResponse:
    base = page_base(link)
    language = base["language"]
    option = _option(link)
    context = base | {"w": pay_phrases(language), "token": token, "error": error}
    replaced = _replaced(link, language)
    if option is None or replaced:
        context["problem"] = replaced or pay_phrase("choose_first", language)
        context["replaced"] = bool(replaced)
        return render(request, "financing/options/patient.html", context)
    ways = _ways(link, option)
    choice = _choice(link)
    context |= {
        "option": option,
        "problem": pay_phrase("not_priced", language) if ways.problem else "",
        "your_part": pay_phrase("your_part", language, amount=dollars(str(ways.owed))),
        "cards": [_card(a, ways, language) for a in ways.arrangements if not a.schedule],
        "points": _points(ways, language),
        "choice": choice,
        "chosen_name": pay_phrase("way_chosen", language, name=_choice_name(choice, language)),
        "plan": choice_services.choice_plan(choice),
        "settled": choice_services.signed_plan(link.case) is not None,
    }
    return render(request, "financing/options/patient.html", context)


def _card(arrangement: Any, ways: OptionWays, language: str) -> dict[str, Any]:
    return {
        "way": f"{arrangement.kind}:{arrangement.name}",
        "name": way_name(arrangement, language),
        "words": way_words(arrangement, ways.owed, language),
        "url": arrangement.application_url,
        "choosable": arrangement.kind != ArrangementKind.INSURANCE_ONLY,
    }


def _points(ways: OptionWays, language: str) -> list[dict[str, str]]:
    return [
        {
            "down": dollars(str(p.down_payment)),
            "monthly": dollars(str(p.monthly)),
            "months": pay_phrase("for_months", language, months=p.months),
            "label": pay_phrase(
                "words_today_monthly",
                language,
                down=dollars(str(p.down_payment)),
                monthly=dollars(str(p.monthly)),
                months=p.months,
            ),
        }
        for p in ways.slider
    ]


def _choice_name(choice: FinancialChoice | None, language: str) -> str:
    if choice is None:
        return ""
    own = {
        ArrangementKind.PAY_IN_FULL: "name_pay_in_full",
        ArrangementKind.IN_HOUSE: "name_in_house",
    }
    key = own.get(ArrangementKind(choice.kind))
    return pay_phrase(key, language) if key else choice.name


@require_GET
@link_page()
def ways_page(request: HttpRequest, link: PatientLink, token: str) -> HttpResponse:
    link_services.link_read(link=link, ip_address=client_ip(request), what="the ways to pay")
    return _page(request, link, token)


@require_POST
@link_page()
def way_choose(request: HttpRequest, link: PatientLink, token: str) -> HttpResponse:
    language = page_base(link)["language"]
    form = WayForm(request.POST)
    option = _option(link)
    try:
        if option is None:
            raise CasepathError.at("option", pay_phrase("choose_first", language))
        if not form.is_valid():
            raise CasepathError.at("way", pay_phrase("way_missing", language))
        choice = _record(link, option, form.cleaned_data, language, client_ip(request))
        if choice.kind == ArrangementKind.IN_HOUSE:
            choice_services.payment_plan_for_choice(
                acting_user=None,
                choice=choice,
                today=timezone.localdate(),
                ip_address=client_ip(request),
            )
            return redirect("patient:pay_agreement", token=token)
    except CasepathError as refused:
        return _page(request, link, token, error=refused.errors[0].message)
    return redirect(reverse("patient:pay", args=[token]) + "#chosen")


def _record(
    link: PatientLink,
    option: dict[str, Any],
    data: dict[str, Any],
    language: str,
    ip_address: str | None,
) -> FinancialChoice:
    """The way the form names, computed again here, recorded as the patient's choice."""
    if choice_services.signed_plan(link.case) is not None:
        raise CasepathError.at("way", pay_phrase("choice_settled", language))
    replaced = _replaced(link, language)
    if replaced:
        raise CasepathError.at("way", replaced)
    ways = _ways(link, option)
    if ways.problem:
        raise CasepathError.at("way", pay_phrase("not_priced", language))
    kind, _, name = data["way"].partition(":")
    down = months = None
    if kind == ArrangementKind.IN_HOUSE:
        if data.get("step") is None:
            raise CasepathError.at("step", pay_phrase("step_missing", language))
        point = options.slider_point(ways, data["step"])
        down, months = point.down_payment, point.months
    try:
        arrangement = options.arrangement_for(
            ways,
            options.practice_offer(link.practice),
            timezone.localdate(),
            kind=kind,
            name=name,
            down_payment=down,
            months=months,
        )
    except CasepathError:
        raise CasepathError.at("way", pay_phrase("way_missing", language)) from None
    return choice_services.financial_choice_record(
        acting_user=None,
        case=link.case,
        option_id=option["id"],
        arrangement=arrangement,
        owed=ways.owed,
        now=timezone.now(),
        ip_address=ip_address,
    )


def _plan(link: PatientLink) -> PaymentPlan | None:
    choice = _choice(link)
    if choice is None or choice.kind != ArrangementKind.IN_HOUSE:
        return None
    return choice_services.choice_plan(choice)


@require_http_methods(["GET", "POST"])
@link_page()
def agreement_page(request: HttpRequest, link: PatientLink, token: str) -> HttpResponse:
    plan = _plan(link)
    if plan is None:
        return redirect(reverse("patient:pay", args=[token]) + "#ways")
    base = page_base(link)
    language, w = base["language"], pay_phrases(base["language"])
    form = SignForm(request.POST or None, language=language)
    form.fields["agree"].label = w["agreement_agree"]
    today = timezone.localdate()
    if request.method == "POST" and plan.status == PlanStatus.DRAFT and form.is_valid():
        try:
            agreement_sign(
                plan=plan,
                signature=form.signature(),
                ip_address=client_ip(request),
                now=timezone.now(),
                today=today,
                link=link,
                refusals={k: w[v] for k, v in REFUSAL_KEYS.items()},
                language=language,
            )
        except CasepathError as refused:
            show_errors(form, refused)
        else:
            return redirect(reverse("patient:pay_agreement", args=[token]) + "#signed")
    elif request.method == "GET":
        link_services.link_read(link=link, ip_address=client_ip(request), what="the payment plan")
    plan.refresh_from_db()
    refusal = agreement_refusal(plan, today)
    context = (
        base
        | agreement_context(plan)
        | {
            "w": w,
            "token": token,
            "form": form,
            "refusal": w[REFUSAL_KEYS[refusal]] if refusal and refusal != "signed" else "",
            "is_signed": plan.status != PlanStatus.DRAFT and plan.status != PlanStatus.CANCELLED,
        }
    )
    return render(request, "financing/agreement/patient.html", context)


@require_GET
@link_page(files=True)
def agreement_pdf(request: HttpRequest, link: PatientLink, token: str) -> HttpResponse:
    plan = _plan(link)
    if plan is None or not plan.pdf:
        return not_found(request)
    link_services.link_read(
        link=link, ip_address=client_ip(request), what="the signed payment plan"
    )
    return private_file(
        plan.pdf,
        content_type="application/pdf",
        filename=f"payment-plan-{plan.pk}.pdf",
        download=True,
    )


urlpatterns = [
    path("<str:token>/pay/", ways_page, name="pay"),
    path("<str:token>/pay/choose/", way_choose, name="pay_choose"),
    path("<str:token>/pay/agreement/", agreement_page, name="pay_agreement"),
    path("<str:token>/pay/agreement.pdf", agreement_pdf, name="pay_agreement_pdf"),
]
