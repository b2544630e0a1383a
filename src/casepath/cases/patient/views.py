"""The patient's pages, opened from a secure link on a phone. No staff account.

/p/<token>/ asks for the date of birth, then shows the presentation exactly as it was
frozen (the snapshot), in its language. The session remembers a verified link for 30
minutes after the last page. An unknown token is a 404 that says nothing; an expired
or revoked link is a 410; five wrong dates of birth lock the link (403).

Every page goes through the gate (gate.py): it finds the link, judges it, checks the
session, and never caches. Writes go through patient/services.py and consent_services.py.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casepath.audit.services import client_ip
from casepath.cases.consent_services import consent_form, consent_sign, sign_refusal
from casepath.cases.files import private_file
from casepath.cases.forms import show_errors
from casepath.cases.links import find_link
from casepath.cases.models import PatientLink
from casepath.cases.patient import selectors, services
from casepath.cases.patient.display import shown_date, shown_options
from casepath.cases.patient.forms import BirthDateForm, ChooseForm, QuestionForm, SignForm
from casepath.cases.patient.gate import (
    closed_page,
    is_verified,
    link_page,
    not_found,
    page_base,
    refused_page,
    remember,
)
from casepath.cases.patient.phrases import phrase
from casepath.core.errors import CasepathError
from casepath.financing.patient_views import urlpatterns as ways_to_pay


@require_http_methods(["GET", "POST"])
@never_cache
def page(request: HttpRequest, token: str) -> HttpResponse:
    link = find_link(token)
    if link is None:
        return not_found(request)
    refused = refused_page(request, link)
    if refused is not None:
        return refused
    if is_verified(request, link):
        remember(request, link)
        services.link_viewed(
            link=link, ip_address=client_ip(request), now=timezone.now(), what="the plan"
        )
        return _plan(request, link, token)
    return _verify(request, link, token)


def _verify(request: HttpRequest, link: PatientLink, token: str) -> HttpResponse:
    language = link.presentation.language
    form = BirthDateForm(request.POST or None, language=language)
    if request.method == "POST" and form.is_valid():
        opened = services.link_verify(
            link=link,
            date_of_birth=form.cleaned_data["date_of_birth"],
            ip_address=client_ip(request),
            now=timezone.now(),
        )
        if opened:
            request.session.cycle_key()
            remember(request, link)
            return redirect("patient:page", token=token)
        link.refresh_from_db(fields=["failed_checks"])
        if services.is_locked(link):
            return closed_page(request, link, "locked", status=403)
        form.add_error(None, form.w["wrong_birth_date"])
    return render(request, "cases/patient/verify.html", page_base(link) | {"form": form})


def _plan(
    request: HttpRequest,
    link: PatientLink,
    token: str,
    *,
    question_form: QuestionForm | None = None,
    choose_error: str = "",
) -> HttpResponse:
    snapshot = link.presentation.snapshot
    base = page_base(link)
    language = base["language"]
    options = shown_options(snapshot)
    case = snapshot["case"]
    context = base | {
        "token": token,
        "case": case,
        "greeting": phrase("greeting", language, name=case["patient_first_name"]),
        "options": options,
        "chosen_id": link.chosen_option_id,
        "chosen": next((o for o in options if o["id"] == link.chosen_option_id), None),
        "valid_until": phrase(
            "valid_until", language, date=shown_date(snapshot.get("expires_on"), language)
        ),
        "images": snapshot.get("images", []),
        "question_form": question_form or QuestionForm(language=language),
        "question_sent": request.GET.get("asked") == "1",
        "choose_error": choose_error
        or (base["w"]["choice_missing"] if "choose" in request.GET else ""),
        "consent": selectors.link_consent(link),
    }
    return render(request, "cases/patient/plan.html", context)


@require_POST
@link_page()
def choose(request: HttpRequest, link: PatientLink, token: str) -> HttpResponse:
    language = link.presentation.language
    form = ChooseForm(request.POST, language=language)
    try:
        if not form.is_valid():
            raise CasepathError.at("option", form.w["choice_missing"])
        services.link_choose(
            link=link,
            option_id=form.cleaned_data["option"],
            ip_address=client_ip(request),
            now=timezone.now(),
        )
    except CasepathError as refused:
        return _plan(request, link, token, choose_error=refused.errors[0].message)
    return redirect(reverse("patient:page", args=[token]) + "#your-choice")


@require_POST
@link_page()
def ask(request: HttpRequest, link: PatientLink, token: str) -> HttpResponse:
    form = QuestionForm(request.POST, language=link.presentation.language)
    if form.is_valid():
        try:
            services.link_ask(
                link=link,
                text=form.cleaned_data["text"],
                ip_address=client_ip(request),
                now=timezone.now(),
            )
        except CasepathError as refused:
            show_errors(form, refused)
        else:
            return redirect(reverse("patient:page", args=[token]) + "?asked=1#ask")
    return _plan(request, link, token, question_form=form)


@require_GET
@link_page(files=True)
def image(request: HttpRequest, link: PatientLink, token: str, image_id: int) -> HttpResponse:
    found = selectors.link_image(link, image_id)
    if found is None or not found.file:
        return not_found(request)
    services.link_read(link=link, ip_address=client_ip(request), what=f"image {found.pk}")
    return private_file(found.file, content_type=found.content_type)


# The consent


@require_http_methods(["GET", "POST"])
@link_page()
def sign(request: HttpRequest, link: PatientLink, token: str) -> HttpResponse:
    if selectors.link_consent(link) is not None:
        return redirect("patient:done", token=token)
    if link.chosen_option_id is None:
        return redirect(reverse("patient:page", args=[token]) + "?choose=1#options")
    base = page_base(link)
    form = SignForm(request.POST or None, language=base["language"])
    refusal = sign_refusal(link, timezone.now())
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            consent_sign(
                link=link,
                option_id=link.chosen_option_id,
                signature=form.signature(),
                ip_address=client_ip(request),
                user_agent=request.headers.get("User-Agent", ""),
                shown_templates=form.shown_templates(),
                now=timezone.now(),
                today=timezone.localdate(),
            )
        except CasepathError as refused:
            show_errors(form, refused)
        else:
            return redirect("patient:done", token=token)
    if request.method == "GET":
        services.link_read(link=link, ip_address=client_ip(request), what="the consent")
    consent = consent_form(link, link.chosen_option_id)
    shown = ",".join(str(t.pk) for t, _ in consent["templates"])
    context = base | consent | {"form": form, "refusal": refusal, "token": token, "shown": shown}
    return render(request, "cases/patient/sign.html", context)


@require_GET
@link_page()
def done(request: HttpRequest, link: PatientLink, token: str) -> HttpResponse:
    consent = selectors.link_consent(link)
    if consent is None:
        return redirect("patient:page", token=token)
    base = page_base(link)
    signed = timezone.localtime(consent.signed_at, ZoneInfo(link.case.practice.time_zone))
    day = shown_date(signed.date(), base["language"])
    context = base | {
        "token": token,
        "consent": consent,
        "signed_on": phrase("signed_on", base["language"], date=day),
    }
    return render(request, "cases/patient/done.html", context)


@require_GET
@link_page(files=True)
def consent_pdf(request: HttpRequest, link: PatientLink, token: str) -> HttpResponse:
    consent = selectors.link_consent(link)
    if consent is None:
        return not_found(request)
    services.link_read(link=link, ip_address=client_ip(request), what="the signed consent")
    return private_file(
        consent.pdf,
        content_type="application/pdf",
        filename=f"consent-{consent.presentation.number}.pdf",
        download=True,
    )


urlpatterns = [
    path("<str:token>/", page, name="page"),
    path("<str:token>/choose/", choose, name="choose"),
    path("<str:token>/ask/", ask, name="ask"),
    path("<str:token>/images/<int:image_id>/", image, name="image"),
    path("<str:token>/sign/", sign, name="sign"),
    path("<str:token>/signed/", done, name="done"),
    path("<str:token>/consent.pdf", consent_pdf, name="consent_pdf"),
    *ways_to_pay,
]
