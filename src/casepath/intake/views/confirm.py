"""The patient confirms the first visit from the link in the welcome or reminder
message. GET shows the visit (mail scanners open links); POST confirms. A link for a
visit that has moved says so (and shows the new time), one for a visit no longer booked
asks to call; a link that is not ours is a 404."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from casepath.audit.models import Channel
from casepath.cases.events import writes_through
from casepath.core.errors import CasepathError
from casepath.core.intake import BEFORE_THE_VISIT, Stage
from casepath.intake.models import Intake
from casepath.intake.selectors import intake_for_link
from casepath.intake.tokens import link_is_current, read_confirm_token
from casepath.intake.visit_services import visit_confirm
from casepath.scheduling.selectors import practice_zone


@csrf_exempt  # the signed token is the proof, and confirming twice changes nothing
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    intake = _intake_of(token)
    if intake is None:
        return render(request, "intake/confirm.html", {"state": "bad"}, status=404)
    state = _state(intake)
    if request.method == "POST" and state == "ask":
        try:
            with writes_through(Channel.PATIENT_LINK, request.META.get("REMOTE_ADDR")):
                visit_confirm(
                    intake=intake, acting_user=None, now=timezone.now(), how="on the link"
                )
        except CasepathError:  # changed since the page was read (a no-show, a cancel)
            state = "past"
        else:
            state = "done"
    return render(request, "intake/confirm.html", _page(intake, state))


def _intake_of(token: str) -> Intake | None:
    read = read_confirm_token(token)
    if read is None:
        return None
    intake = intake_for_link(read[0])
    if intake is None:
        return None
    intake.link_is_current = link_is_current(intake, read[1])  # type: ignore[attr-defined]
    return intake


def _state(intake: Intake) -> str:
    if intake.first_visit is None:
        return "off"
    if not intake.link_is_current:  # type: ignore[attr-defined]
        return "moved"
    if intake.stage == Stage.CONFIRMED:
        return "done"
    return "ask" if intake.stage in BEFORE_THE_VISIT else "past"


def _page(intake: Intake, state: str) -> dict[str, Any]:
    visit = intake.first_visit
    starts = timezone.localtime(visit.starts_at, practice_zone(intake.practice)) if visit else None
    return {
        "state": state,
        "practice": intake.practice,
        "first_name": intake.patient.preferred_name or intake.patient.first_name,
        "visit": visit,
        "starts": starts,
    }


urlpatterns = [path("confirm/<str:token>/", confirm, name="confirm")]
