"""The patient's pages, opened from a secure link on a phone. No staff account.

/p/<token>/ asks for the date of birth, then shows the presentation exactly as it was
frozen (the snapshot), in its language. The session remembers a verified link for 30
minutes after the last page. An unknown token is a 404 that says nothing; an expired
or revoked link is a 410; five wrong dates of birth lock the link (403).

Every page goes through `link_page`: it finds the link, judges it, checks the session,
and never caches. Writes go through patient/services.py and consent_services.py.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from functools import wraps
from typing import Any, Final
from zoneinfo import ZoneInfo

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from casepath.audit.services import client_ip
from casepath.cases.consent_services import consent_form, consent_sign, sign_refusal
from casepath.cases.forms import show_errors
from casepath.cases.links import find_link, link_state
from casepath.cases.models import PatientLink
from casepath.cases.patient import selectors, services
from casepath.cases.patient.display import shown_date, shown_options
from casepath.cases.patient.forms import BirthDateForm, ChooseForm, QuestionForm, SignForm
from casepath.cases.patient.phrases import phrase, phrases
from casepath.core.errors import CasepathError

SESSION_KEY: Final = "casepath_patient_links"
SESSION_SECONDS: Final = 30 * 60

PatientView = Callable[..., HttpResponse]


# The gate every page goes through


def link_page(*, files: bool = False) -> Callable[[PatientView], PatientView]:
    """Find and judge the link; the view gets it only for a verified session (pages
    send an unverified visitor to the date-of-birth form, files answer 404)."""

    def decorate(view: PatientView) -> PatientView:
        @wraps(view)
        @never_cache
        def wrapper(request: HttpRequest, token: str, **kwargs: Any) -> HttpResponse:
            link = find_link(token)
            if link is None:
                return not_found(request)
            refused = _refused(request, link)
            if refused is not None:
                return refused
            if not is_verified(request, link):
                return not_found(request) if files else redirect("patient:page", token=token)
            remember(request, link)
            return view(request, link, token, **kwargs)

        return wrapper

    return decorate


def _refused(request: HttpRequest, link: PatientLink) -> HttpResponse | None:
    state = link_state(link, timezone.now())
    if state != "open":
        return _closed(request, link, state, status=410)
    if services.is_locked(link):
        return _closed(request, link, "locked", status=403)
    return None


def not_found(request: HttpRequest) -> HttpResponse:
    """The same answer for any unknown token: nothing about any practice or patient."""
    context = {"w": phrases("en"), "w_es": phrases("es")}
    return render(request, "cases/patient/not_found.html", context, status=404)


def _closed(request: HttpRequest, link: PatientLink, state: str, status: int) -> HttpResponse:
    language = link.presentation.language
    w = phrases(language)
    heading = {"locked": w["locked_heading"]}.get(state, w["closed_heading"])
    text = {"locked": w["too_many_tries"]}.get(state) or w[f"link_{state}"]
    context = _base(link) | {"heading": heading, "text": text}
    return render(request, "cases/patient/closed.html", context, status=status)


def is_verified(request: HttpRequest, link: PatientLink) -> bool:
    seen = request.session.get(SESSION_KEY, {}).get(str(link.pk))
    return seen is not None and time.time() - seen < SESSION_SECONDS


def remember(request: HttpRequest, link: PatientLink) -> None:
    """Mark the link verified in this session for the next SESSION_SECONDS."""
    verified = dict(request.session.get(SESSION_KEY, {}))
    verified[str(link.pk)] = time.time()
    request.session[SESSION_KEY] = verified
    if not request.user.is_authenticated:
        request.session.set_expiry(SESSION_SECONDS)


def _base(link: PatientLink) -> dict[str, Any]:
    """What every patient page shows: the practice, in the presentation's language."""
    snapshot = link.presentation.snapshot
    language = snapshot.get("language") or link.presentation.language
    practice = snapshot.get("practice") or {}
    phone = practice.get("phone") or link.case.practice.phone
    w = phrases(language)
    return {
        "language": language,
        "w": w,
        "practice_name": practice.get("name") or link.case.practice.name,
        "phone": phone,
        "phone_tel": re.sub(r"[^0-9+]", "", phone or ""),
        "call": phrase("call_phone", language, phone=phone) if phone else w["call_office"],
        "questions_call": phrase("questions_call", language, phone=phone) if phone else "",
    }


# The plan


@require_http_methods(["GET", "POST"])
@never_cache
def page(request: HttpRequest, token: str) -> HttpResponse:
    link = find_link(token)
    if link is None:
        return not_found(request)
    refused = _refused(request, link)
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
            return _closed(request, link, "locked", status=403)
        form.add_error(None, form.w["wrong_birth_date"])
    return render(request, "cases/patient/verify.html", _base(link) | {"form": form})


def _plan(
    request: HttpRequest,
    link: PatientLink,
    token: str,
    *,
    question_form: QuestionForm | None = None,
    choose_error: str = "",
) -> HttpResponse:
    snapshot = link.presentation.snapshot
    base = _base(link)
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


@link_page(files=True)
def image(request: HttpRequest, link: PatientLink, token: str, image_id: int) -> HttpResponse:
    found = selectors.link_image(link, image_id)
    if found is None or not found.file:
        return not_found(request)
    services.link_read(link=link, ip_address=client_ip(request), what=f"image {found.pk}")
    response = FileResponse(found.file.open("rb"), content_type=found.content_type)
    response["Content-Disposition"] = "inline"
    return response


# The consent


@require_http_methods(["GET", "POST"])
@link_page()
def sign(request: HttpRequest, link: PatientLink, token: str) -> HttpResponse:
    if selectors.link_consent(link) is not None:
        return redirect("patient:done", token=token)
    if link.chosen_option_id is None:
        return redirect(reverse("patient:page", args=[token]) + "?choose=1#options")
    base = _base(link)
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
    form.initial["templates"] = ",".join(str(t.pk) for t, _ in consent["templates"])
    context = base | consent | {"form": form, "refusal": refusal, "token": token}
    return render(request, "cases/patient/sign.html", context)


@link_page()
def done(request: HttpRequest, link: PatientLink, token: str) -> HttpResponse:
    consent = selectors.link_consent(link)
    if consent is None:
        return redirect("patient:page", token=token)
    base = _base(link)
    signed = timezone.localtime(consent.signed_at, ZoneInfo(link.case.practice.time_zone))
    day = shown_date(signed.date(), base["language"])
    context = base | {
        "token": token,
        "consent": consent,
        "signed_on": phrase("signed_on", base["language"], date=day),
    }
    return render(request, "cases/patient/done.html", context)


@link_page(files=True)
def consent_pdf(request: HttpRequest, link: PatientLink, token: str) -> HttpResponse:
    consent = selectors.link_consent(link)
    if consent is None:
        return not_found(request)
    services.link_read(link=link, ip_address=client_ip(request), what="the signed consent")
    return FileResponse(
        consent.pdf.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"consent-{consent.presentation.number}.pdf",
    )


urlpatterns = [
    path("<str:token>/", page, name="page"),
    path("<str:token>/choose/", choose, name="choose"),
    path("<str:token>/ask/", ask, name="ask"),
    path("<str:token>/images/<int:image_id>/", image, name="image"),
    path("<str:token>/sign/", sign, name="sign"),
    path("<str:token>/signed/", done, name="done"),
    path("<str:token>/consent.pdf", consent_pdf, name="consent_pdf"),
]
