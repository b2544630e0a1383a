"""The new patient's page: what it shows (the call, every move, the messages), the
actions the stage allows and what each writes, refusals beside their form, who may act."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.test import Client
from django.urls import reverse

from casepath.audit.models import Action, AuditEvent
from casepath.core.intake import Stage
from casepath.followups.models import Task, TaskReason
from casepath.intake.models import Intake, IntakeMove
from casepath.intake.selectors import welcome_package
from casepath.intake.welcome_services import visit_values, welcome_package_save
from casepath.messaging.models import Message, MessageStatus
from casepath.messaging.services import message_queue
from casepath.patients.services import patient_update
from casepath.scheduling.models import Appointment, AppointmentStatus
from casepath.tenancy.models import Operatory
from casepath.tenancy.scoping import scoped
from tests.builders import build_provider
from tests.conftest import signed_in
from tests.intake.builders import (
    CALLED_AT,
    VISIT_AT,
    book,
    call_data,
    capture,
    provider_of,
    take_to,
)

NOW = CALLED_AT + timedelta(hours=2)  # 11:00 in New York, the day of the call
MEMBER_ID = "XKD447120983"


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def visit_day_section(settings: Any, tmp_path: Path) -> None:
    """The visit-day section is another helper's template: a stand-in while it is absent."""
    try:
        get_template("intake/sections/visit_day.html")
    except TemplateDoesNotExist:
        folder = tmp_path / "intake" / "sections"
        folder.mkdir(parents=True)
        (folder / "visit_day.html").write_text("<section id='visit-day'>Visit day</section>")
        templates = [dict(settings.TEMPLATES[0])]
        templates[0]["DIRS"] = [str(tmp_path)]
        settings.TEMPLATES = templates


def _intake(world: Any, **about: Any) -> Intake:
    return capture(world.practice_a, world.tess, **about)


def _url(name: str, intake: Intake) -> str:
    return reverse(f"intake:{name}", args=[intake.pk])


def _fresh(intake: Intake) -> Intake:
    return scoped(Intake, intake.practice).select_related("first_visit").get(pk=intake.pk)


def _said(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _book_data(world: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "provider": provider_of(world.practice_a).pk,
        "starts_at": "2026-11-10T10:00",
        "duration_minutes": "60",
        "room": "",
    }
    return data | overrides


def _moves(intake: Intake) -> list[tuple[str, str]]:
    rows = scoped(IntakeMove, intake.practice).filter(intake=intake).order_by("pk")
    return [(m.to_stage, m.note) for m in rows]


# What the page shows ------------------------------------------------------------------


def test_the_page_shows_the_call_the_moves_and_the_messages(
    world: Any, tess_client: Client
) -> None:
    intake = book(
        _intake(world, insurance_carrier="Delta Dental", insurance_member_id=MEMBER_ID),
        world.tess,
    )
    response = tess_client.get(_url("detail", intake))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nina Patel (the patient)" in page
    assert '<dd id="call-length">13 min</dd>' in page
    assert "Web search or website: Google search" in page
    assert "Broken front tooth" in page
    assert '<dd id="call-consent">call, not text, e-mail</dd>' in page
    assert "Mornings" in page
    assert "I broke my front tooth and hate my smile" in page
    assert "A natural-looking front tooth before my wedding in June" in page
    assert "Needles" in page
    assert "Delta Dental" in page
    assert "••••0983" in page and MEMBER_ID not in page
    assert reverse("patients:detail", args=[intake.patient_id]) in page
    # the stage, entered at the booking (9:14), and how long it has been
    assert '<span class="badge stage-welcome_sent" id="intake-stage">' in page
    assert '<strong id="in-stage">1 h</strong>' in page
    moves = response.context["moves"]
    assert [m.to_stage for m in moves] == ["inquiry", "booked", "welcome_sent"]
    assert moves[0].by == world.tess
    assert "First call: Broken front tooth" in page
    kinds = [kind for _, kind in response.context["intake_messages"]]
    assert sorted(kinds) == ["Reminder", "Welcome package"]
    assert "nina.patel@example.com" in page
    # the visit, in the practice's time
    assert "Tuesday, November 10, 2026 10:00 a.m." in page
    assert "Rita Nunez, DDS" in page
    assert f'href="{_url("welcome_pdf", intake)}"' in page


def test_viewing_the_page_is_audited_as_a_view_of_the_patient(
    world: Any, tess_client: Client
) -> None:
    intake = _intake(world)
    before = AuditEvent.objects.filter(action=Action.VIEW).count()
    tess_client.get(_url("detail", intake))
    views = AuditEvent.objects.filter(action=Action.VIEW).order_by("pk")
    assert views.count() == before + 1
    event = views.last()
    assert event is not None
    assert event.patient_id == intake.patient_id
    assert (event.object_type, event.object_id) == ("intake", str(intake.pk))
    assert event.actor == world.tess


def test_only_this_intakes_messages_are_listed(world: Any, tess_client: Client) -> None:
    intake = book(_intake(world), world.tess)
    other = message_queue(
        acting_user=world.tess,
        patient=intake.patient,
        template=welcome_package(world.practice_a).welcome_template,
        idempotency_key=f"intake:{intake.pk}0:welcome",  # another intake's key, same prefix digits
        now=NOW,
        values=visit_values(intake),
    )
    response = tess_client.get(_url("detail", intake))
    listed = [m.pk for m, _ in response.context["intake_messages"]]
    assert len(listed) == 2 and other.pk not in listed


def test_the_page_reads_in_bounded_queries(
    world: Any, tess_client: Client, django_assert_max_num_queries: Any
) -> None:
    intake = book(_intake(world), world.tess)
    for day in range(1, 7):  # moved six times: more moves, more reminders
        intake = book(
            intake,
            world.tess,
            at=VISIT_AT + timedelta(days=day),
            now=CALLED_AT + timedelta(minutes=day),
        )
    assert len(_moves(intake)) == 9
    with django_assert_max_num_queries(17):  # 16 with one move: none per move or message
        response = tess_client.get(_url("detail", intake))
    assert len(response.context["intake_messages"]) == 8


# Only the actions the stage allows ------------------------------------------------------


def test_an_inquiry_can_be_booked_or_closed_only(world: Any, tess_client: Client) -> None:
    intake = _intake(world)
    response = tess_client.get(_url("detail", intake))
    page = response.content.decode()
    assert response.context["actions"] == {
        "book": True,
        "welcome_send": False,
        "welcome_given": False,
        "confirm": False,
        "arrived": False,
        "no_show": False,
        "cancel_visit": False,
        "close": True,
        "reopen": False,
    }
    assert "Book the first visit" in page
    assert _url("book", intake) in page and _url("close", intake) in page
    assert _url("arrived", intake) not in page and _url("confirm", intake) not in page
    assert "welcome.pdf" not in page  # no visit, no package yet


def test_a_confirmed_visit_offers_arrived_no_show_move_and_cancel(
    world: Any, tess_client: Client
) -> None:
    intake = take_to(_intake(world), Stage.CONFIRMED, world.tess)
    response = tess_client.get(_url("detail", intake))
    page = response.content.decode()
    shown = {name for name, allowed in response.context["actions"].items() if allowed}
    assert shown == {"book", "arrived", "no_show", "cancel_visit", "close"}
    assert "Move the first visit" in page
    assert _url("confirm", intake) not in page
    assert _url("welcome_send", intake) not in page  # it went when the visit was booked


def test_a_closed_inquiry_can_only_be_reopened(world: Any, tess_client: Client) -> None:
    intake = _intake(world)
    tess_client.post(_url("close", intake), {"reason": "Chose a dentist nearer home"})
    response = tess_client.get(_url("detail", intake))
    shown = {name for name, allowed in response.context["actions"].items() if allowed}
    assert shown == {"reopen"}
    assert "Not coming: Chose a dentist nearer home" in response.content.decode()


def test_the_visit_day_section_is_included_from_the_arrival(
    world: Any, tess_client: Client, visit_day_section: None
) -> None:
    intake = take_to(_intake(world), Stage.ARRIVED, world.tess)
    response = tess_client.get(_url("detail", intake))
    assert response.status_code == 200
    used = [t.name for t in response.templates]
    assert "intake/sections/visit_day.html" in used
    assert not any(response.context["actions"].values())
    booked = tess_client.get(_url("detail", book(_intake(world, chief_concern="x"), world.tess)))
    assert "intake/sections/visit_day.html" not in [t.name for t in booked.templates]


# Booking -------------------------------------------------------------------------------


def test_booking_the_first_visit_sends_the_welcome_package(world: Any, tess_client: Client) -> None:
    intake = _intake(world)
    response = tess_client.post(_url("book", intake), _book_data(world))
    assert response.status_code == 302 and response.url == _url("detail", intake)
    intake = _fresh(intake)
    assert intake.stage == Stage.WELCOME_SENT
    visit = intake.first_visit
    assert visit is not None
    assert visit.starts_at == VISIT_AT  # 10:00 in New York
    assert (visit.duration_minutes, visit.status) == (60, AppointmentStatus.SCHEDULED)
    assert visit.provider == provider_of(world.practice_a) and visit.operatory is None
    keys = set(
        scoped(Message, world.practice_a)
        .filter(patient=intake.patient)
        .values_list("idempotency_key", "status")
    )
    assert keys == {
        (f"intake:{intake.pk}:welcome", MessageStatus.QUEUED),
        (f"intake:{intake.pk}:reminder:{visit.pk}", MessageStatus.QUEUED),
    }
    assert _said(response) == [
        "Booked the first visit: Tuesday, November 10 at 10:00 am with Rita Nunez, DDS."
    ]


def test_booking_with_a_room_and_length(world: Any, tess_client: Client) -> None:
    intake = _intake(world)
    operatory = scoped(Operatory, world.practice_a).get()
    data = _book_data(world, duration_minutes="90", room=str(operatory.pk))
    assert tess_client.post(_url("book", intake), data).status_code == 302
    visit = _fresh(intake).first_visit
    assert visit is not None
    assert (visit.duration_minutes, visit.operatory) == (90, operatory)


def test_booking_in_the_past_is_refused_on_the_time(world: Any, tess_client: Client) -> None:
    intake = _intake(world)
    response = tess_client.post(
        _url("book", intake), _book_data(world, starts_at="2026-11-02T10:30")
    )
    assert response.status_code == 200
    form = response.context["forms"]["book"]
    assert form.errors == {"starts_at": ["Book the first visit at a time still to come."]}
    assert "Book the first visit at a time still to come." in response.content.decode()
    intake = _fresh(intake)
    assert (intake.stage, intake.first_visit) == (Stage.INQUIRY, None)
    assert not scoped(Appointment, world.practice_a).exists()


def test_booking_without_a_time_names_the_field(world: Any, tess_client: Client) -> None:
    intake = _intake(world)
    response = tess_client.post(_url("book", intake), _book_data(world, starts_at=""))
    assert response.status_code == 200
    assert response.context["forms"]["book"].errors == {
        "starts_at": ["Give the day and time of the first visit."]
    }


@pytest.mark.parametrize("which", ["missing", "other_practice", "external", "not_a_number"])
def test_a_bad_provider_is_refused_on_the_provider(
    world: Any, tess_client: Client, which: str
) -> None:
    provider = {
        "missing": lambda: 999999,
        "other_practice": lambda: build_provider(world.practice_b).pk,
        "external": lambda: build_provider(world.practice_a, is_external=True).pk,
        "not_a_number": lambda: "abc",
    }[which]()
    intake = _intake(world)
    response = tess_client.post(_url("book", intake), _book_data(world, provider=provider))
    assert response.status_code == 200
    assert response.context["forms"]["book"].errors == {
        "provider": ["Choose one of this practice's providers."]
    }
    assert _fresh(intake).stage == Stage.INQUIRY


def test_moving_the_visit_cancels_the_old_one_and_its_reminder(
    world: Any, tess_client: Client
) -> None:
    intake = book(_intake(world), world.tess)
    old = intake.first_visit
    assert old is not None
    response = tess_client.post(
        _url("book", intake), _book_data(world, starts_at="2026-11-12T14:30")
    )
    assert response.status_code == 302
    assert _said(response) == [
        "Moved the first visit: Thursday, November 12 at 2:30 pm with Rita Nunez, DDS."
    ]
    intake = _fresh(intake)
    old.refresh_from_db()
    assert old.status == AppointmentStatus.CANCELLED
    assert intake.first_visit is not None and intake.first_visit.pk != old.pk
    assert intake.stage == Stage.WELCOME_SENT
    reminders = scoped(Message, world.practice_a).filter(
        idempotency_key__startswith=f"intake:{intake.pk}:reminder"
    )
    assert {(m.idempotency_key.split(":")[-1], m.status) for m in reminders} == {
        (str(old.pk), MessageStatus.CANCELLED),
        (str(intake.first_visit.pk), MessageStatus.QUEUED),
    }
    assert _moves(intake)[-1] == ("welcome_sent", "visit moved")


def test_booking_a_closed_inquiry_is_refused_in_words(world: Any, tess_client: Client) -> None:
    intake = _intake(world)
    tess_client.post(_url("close", intake), {"reason": "Moved away"})
    response = tess_client.post(_url("book", intake), _book_data(world))
    assert response.status_code == 200
    form = response.context["forms"]["book"]
    assert form.non_field_errors() == [
        "Cannot book the first visit: the patient is at “Closed (not coming)”. "
        "Reopen the inquiry first."
    ]
    assert "Reopen the inquiry first." in response.content.decode()
    assert _fresh(intake).stage == Stage.CLOSED


# The welcome package -------------------------------------------------------------------


def _no_email_intake(world: Any) -> Intake:
    return capture(world.practice_a, world.tess, call=call_data(caller_email="", may_email=False))


def test_a_welcome_package_that_could_not_go_says_why(world: Any, tess_client: Client) -> None:
    intake = _no_email_intake(world)
    response = tess_client.post(_url("book", intake), _book_data(world))
    assert response.status_code == 302
    why = "Nina Patel has no e-mail address on file."
    assert _said(response)[1] == f"The welcome package was not sent: {why}"
    intake = _fresh(intake)
    assert intake.stage == Stage.BOOKED and intake.welcome_sent_at is None
    page = tess_client.get(_url("detail", intake)).content.decode()
    assert why in page  # in the messages, with the status
    assert f'<p class="errorlist" id="welcome-why">Not sent: {why}</p>' in page
    assert "E-mail the welcome package now" in page
    # sending by hand is refused in words while there is still no address
    refused = tess_client.post(_url("welcome_send", intake))
    assert refused.status_code == 200
    errors = refused.context["forms"]["welcome_send"].non_field_errors()
    assert errors == [why]
    assert _fresh(intake).stage == Stage.BOOKED
    # once the address is on file, the TC sends it
    patient_update(
        patient=intake.patient, acting_user=world.tess, data={"email": "nina@example.org"}
    )
    response = tess_client.post(_url("welcome_send", intake))
    assert response.status_code == 302
    assert _said(response)[-1] == "The welcome package is on its way to nina@example.org."
    intake = _fresh(intake)
    assert (intake.stage, intake.welcome_sent_how) == (Stage.WELCOME_SENT, "email")
    page = tess_client.get(_url("detail", intake)).content.decode()
    assert 'id="welcome-why"' not in page


def test_the_package_given_by_mail_moves_the_patient_on(world: Any, tess_client: Client) -> None:
    intake = book(_no_email_intake(world), world.tess)
    response = tess_client.post(_url("welcome_given", intake), {"how": "mail"})
    assert response.status_code == 302
    assert _said(response) == ["Welcome package given by mail."]
    intake = _fresh(intake)
    assert (intake.stage, intake.welcome_sent_how) == (Stage.WELCOME_SENT, "mail")
    assert intake.welcome_sent_at == NOW
    assert "sent by mail" in tess_client.get(_url("detail", intake)).content.decode()


def test_the_package_given_without_saying_how_names_the_field(
    world: Any, tess_client: Client
) -> None:
    intake = book(_no_email_intake(world), world.tess)
    response = tess_client.post(_url("welcome_given", intake), {"how": "pigeon"})
    assert response.status_code == 200
    assert response.context["forms"]["welcome_given"].errors == {
        "how": ["Say how the package was given: by mail or in person."]
    }
    assert _fresh(intake).stage == Stage.BOOKED


def test_sending_the_package_by_hand_when_not_sent_automatically(
    world: Any, tess_client: Client
) -> None:
    welcome_package_save(
        package=welcome_package(world.practice_a),
        acting_user=world.tess,
        data={"send_automatically": False},
    )
    intake = book(_intake(world), world.tess)
    assert intake.stage == Stage.BOOKED
    assert not scoped(Message, world.practice_a).filter(idempotency_key__endswith=":welcome")
    response = tess_client.post(_url("welcome_send", intake))
    assert response.status_code == 302
    assert _said(response) == ["The welcome package is on its way to nina.patel@example.com."]
    intake = _fresh(intake)
    assert (intake.stage, intake.welcome_sent_how) == (Stage.WELCOME_SENT, "email")
    welcome = scoped(Message, world.practice_a).get(idempotency_key=f"intake:{intake.pk}:welcome")
    assert (welcome.status, welcome.sent_by) == (MessageStatus.QUEUED, world.tess)


# The day of the visit ------------------------------------------------------------------


def test_confirmed_on_the_phone(world: Any, tess_client: Client) -> None:
    intake = book(_intake(world), world.tess)
    response = tess_client.post(_url("confirm", intake))
    assert response.status_code == 302
    assert _said(response) == ["The first visit is confirmed."]
    intake = _fresh(intake)
    assert intake.stage == Stage.CONFIRMED and intake.confirmed_at == NOW
    assert intake.first_visit is not None
    assert intake.first_visit.status == AppointmentStatus.CONFIRMED
    assert _moves(intake)[-1] == ("confirmed", "by phone")


def test_arrived(world: Any, visit_day_section: None) -> None:
    intake = take_to(_intake(world), Stage.CONFIRMED, world.tess)
    with time_machine.travel(VISIT_AT - timedelta(minutes=4), tick=False):
        response = signed_in(world.tess).post(_url("arrived", intake), follow=True)
    assert response.status_code == 200
    assert "Nina Patel has arrived." in response.content.decode()
    intake = _fresh(intake)
    assert intake.stage == Stage.ARRIVED
    assert intake.arrived_at == VISIT_AT - timedelta(minutes=4)
    assert intake.first_visit is not None
    assert intake.first_visit.status == AppointmentStatus.ARRIVED


def test_a_no_show_opens_a_follow_up_call(world: Any) -> None:
    intake = book(_intake(world), world.tess)
    with time_machine.travel(VISIT_AT + timedelta(minutes=30), tick=False):
        tess_client = signed_in(world.tess)  # a week later: a new sign-in
        response = tess_client.post(_url("no_show", intake))
        page = tess_client.get(_url("detail", intake))  # it offers to book again
    assert response.status_code == 302
    assert _said(response) == [
        "No-show recorded. A follow-up call to rebook Nina Patel was opened."
    ]
    intake = _fresh(intake)
    visit = intake.first_visit
    assert visit is not None
    assert (intake.stage, intake.no_shows, visit.status) == (
        Stage.NO_SHOW,
        1,
        AppointmentStatus.NO_SHOW,
    )
    task = scoped(Task, world.practice_a).get(patient=intake.patient)
    assert task.reason == TaskReason.NO_SHOW
    assert task.key == f"intake:{intake.pk}:no-show:{visit.pk}"
    assert task.owner == world.tess
    reminder = scoped(Message, world.practice_a).get(idempotency_key__contains=":reminder:")
    assert reminder.status == MessageStatus.CANCELLED
    assert "Book the visit again" in page.content.decode()


def test_cancelling_the_visit_needs_a_reason(world: Any, tess_client: Client) -> None:
    intake = book(_intake(world), world.tess)
    refused = tess_client.post(_url("cancel_visit", intake), {"reason": "  "})
    assert refused.status_code == 200
    assert refused.context["forms"]["cancel_visit"].errors == {
        "reason": ["Say why the visit is cancelled."]
    }
    assert _fresh(intake).stage == Stage.WELCOME_SENT
    visit = intake.first_visit
    assert visit is not None
    response = tess_client.post(_url("cancel_visit", intake), {"reason": "Car broke down"})
    assert response.status_code == 302
    intake = _fresh(intake)
    visit.refresh_from_db()
    assert (intake.stage, intake.first_visit) == (Stage.INQUIRY, None)
    assert visit.status == AppointmentStatus.CANCELLED
    assert _moves(intake)[-1] == ("inquiry", "Car broke down")
    reminder = scoped(Message, world.practice_a).get(idempotency_key__contains=":reminder:")
    assert (reminder.status, reminder.why) == (MessageStatus.CANCELLED, "the visit was cancelled")


def test_a_refused_move_shows_the_error_and_moves_nothing(world: Any, tess_client: Client) -> None:
    intake = _intake(world)  # no visit booked
    response = tess_client.post(_url("arrived", intake))
    assert response.status_code == 200
    errors = response.context["forms"]["arrived"].non_field_errors()
    assert errors == ["There is no first visit waiting: book one first."]
    assert "There is no first visit waiting: book one first." in response.content.decode()
    assert _fresh(intake).stage == Stage.INQUIRY
    assert _moves(intake) == [("inquiry", "First call: Broken front tooth")]


def test_closing_needs_a_reason_and_reopening_brings_it_back(
    world: Any, tess_client: Client
) -> None:
    intake = book(_intake(world), world.tess)
    refused = tess_client.post(_url("close", intake), {"reason": ""})
    assert refused.status_code == 200
    assert refused.context["forms"]["close"].errors == {
        "reason": ["Say why the patient is not coming."]
    }
    response = tess_client.post(_url("close", intake), {"reason": "Found it too far"})
    assert response.status_code == 302
    intake = _fresh(intake)
    assert (intake.stage, intake.closed_reason) == (Stage.CLOSED, "Found it too far")
    response = tess_client.post(_url("reopen", intake))
    assert response.status_code == 302
    assert _said(response)[-1] == "Reopened: the patient is back at inquiry."
    assert _fresh(intake).stage == Stage.INQUIRY
    refused = tess_client.post(_url("reopen", intake))
    assert refused.status_code == 200
    assert refused.context["forms"]["reopen"].non_field_errors() == [
        "Cannot reopen the inquiry: the patient is at “Inquiry”. Book the first visit first."
    ]


# Who may do what -----------------------------------------------------------------------


def test_the_front_desk_may_act(world: Any) -> None:
    intake = book(_intake(world), world.tess)
    response = signed_in(world.fran).post(_url("confirm", intake))
    assert response.status_code == 302
    assert _fresh(intake).stage == Stage.CONFIRMED
    assert scoped(IntakeMove, world.practice_a).filter(intake=intake).last().by == world.fran  # type: ignore[union-attr]


def test_a_provider_sees_the_page_but_cannot_act(world: Any) -> None:
    intake = book(_intake(world), world.tess)
    doc = signed_in(world.doc)
    page = doc.get(_url("detail", intake))
    assert page.status_code == 200
    assert _url("confirm", intake) not in page.content.decode()
    assert _url("book", intake) not in page.content.decode()
    for name in ("book", "confirm", "arrived", "no_show", "close", "welcome_send"):
        assert doc.post(_url(name, intake), {"reason": "x"}).status_code == 403
    assert _fresh(intake).stage == Stage.WELCOME_SENT


@pytest.mark.parametrize(
    "name",
    [
        "detail",
        "book",
        "welcome_send",
        "welcome_given",
        "confirm",
        "arrived",
        "no_show",
        "cancel_visit",
        "close",
        "reopen",
    ],
)
def test_an_outsider_finds_nothing(world: Any, olga_client: Client, name: str) -> None:
    intake = book(_intake(world), world.tess)
    method = olga_client.get if name == "detail" else olga_client.post
    assert method(_url(name, intake)).status_code == 404
    assert _fresh(intake).stage == Stage.WELCOME_SENT


def test_actions_are_posts_with_a_csrf_token(world: Any, tess_client: Client) -> None:
    intake = book(_intake(world), world.tess)
    assert tess_client.get(_url("confirm", intake)).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.tess)
    assert strict.post(_url("confirm", intake)).status_code == 403
    assert _fresh(intake).stage == Stage.WELCOME_SENT
