"""The gate of every patient page: find the link by its token, judge it (unknown: 404
that names nobody; expired or revoked: 410; locked: 403), and remember in the session
that the patient proved their date of birth (30 minutes after the last page)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from functools import wraps
from typing import Any, Final

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from casepath.cases.links import find_link, link_state
from casepath.cases.models import PatientLink
from casepath.cases.patient import services
from casepath.cases.patient.phrases import phrase, phrases

SESSION_KEY: Final = "casepath_patient_links"
SESSION_SECONDS: Final = 30 * 60

PatientView = Callable[..., HttpResponse]


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
            refused = refused_page(request, link)
            if refused is not None:
                return refused
            if not is_verified(request, link):
                return not_found(request) if files else redirect("patient:page", token=token)
            remember(request, link)
            return view(request, link, token, **kwargs)

        return wrapper

    return decorate


def refused_page(request: HttpRequest, link: PatientLink) -> HttpResponse | None:
    state = link_state(link, timezone.now())
    if state != "open":
        return closed_page(request, link, state, status=410)
    if services.is_locked(link):
        return closed_page(request, link, "locked", status=403)
    return None


def not_found(request: HttpRequest) -> HttpResponse:
    """The same answer for any unknown token: nothing about any practice or patient."""
    context = {"w": phrases("en"), "w_es": phrases("es")}
    return render(request, "cases/patient/not_found.html", context, status=404)


def closed_page(request: HttpRequest, link: PatientLink, state: str, status: int) -> HttpResponse:
    language = link.presentation.language
    w = phrases(language)
    heading = {"locked": w["locked_heading"]}.get(state, w["closed_heading"])
    text = {"locked": w["too_many_tries"]}.get(state) or w[f"link_{state}"]
    context = page_base(link) | {"heading": heading, "text": text}
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


def page_base(link: PatientLink) -> dict[str, Any]:
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
