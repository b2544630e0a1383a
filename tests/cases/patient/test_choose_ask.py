"""Choosing an option and asking a question from the patient's phone."""

from __future__ import annotations

from django.test import Client

from casepath.audit.models import AuditEvent, Channel
from casepath.cases.models import Case, CaseEvent, CaseQuestion, EventKind, PatientLink
from casepath.cases.selectors import open_questions
from tests.cases.patient.conftest import Linked, page_text
from tests.conftest import World


def test_choosing_an_option_marks_the_case_pending(linked: Linked, verified: Client) -> None:
    implant = linked.two.implant
    response = verified.post(linked.url("choose"), {"option": implant.pk})
    assert response.status_code == 302
    assert response["Location"] == linked.url() + "#your-choice"
    assert PatientLink.objects.get(pk=linked.link.pk).chosen_option == implant
    assert Case.objects.get(pk=linked.two.case.pk).status == "pending"
    chosen = CaseEvent.objects.get(case=linked.two.case, kind=EventKind.OPTION_CHOSEN)
    assert chosen.summary == "The patient chose “Implant” on the patient link"
    assert chosen.actor_name == "patient"
    text = page_text(verified.get(linked.url()))
    assert "Your choice: Implant" in text
    assert linked.url("sign") in text


def test_changing_the_choice_keeps_the_case_pending(linked: Linked, verified: Client) -> None:
    verified.post(linked.url("choose"), {"option": linked.two.implant.pk})
    verified.post(linked.url("choose"), {"option": linked.two.bridge.pk})
    assert PatientLink.objects.get(pk=linked.link.pk).chosen_option == linked.two.bridge
    assert Case.objects.get(pk=linked.two.case.pk).status == "pending"
    assert CaseEvent.objects.filter(kind=EventKind.OPTION_CHOSEN).count() == 2


def test_an_option_of_another_case_cannot_be_chosen(
    world: World, linked: Linked, verified: Client
) -> None:
    from casepath.cases import plan_services
    from tests.cases.builders import build_case

    other = plan_services.option_add(acting_user=world.tess, case=build_case(world), name="X")
    response = verified.post(linked.url("choose"), {"option": other.pk})
    assert response.status_code == 200
    assert "Please choose an option first." in page_text(response)
    assert PatientLink.objects.get(pk=linked.link.pk).chosen_option is None
    assert Case.objects.get(pk=linked.two.case.pk).status == "presented"


def test_a_question_is_an_open_task_for_the_tc(
    world: World, linked: Linked, verified: Client
) -> None:
    response = verified.post(linked.url("ask"), {"text": "  Does the implant hurt?  "})
    assert response.status_code == 302
    assert response["Location"] == linked.url() + "?asked=1#ask"
    question = CaseQuestion.objects.get()
    assert question.text == "Does the implant hurt?"
    assert question.case == linked.two.case and question.link_id == linked.link.pk
    assert question.answered_at is None
    assert list(open_questions(world.practice_a)) == [question]
    event = CaseEvent.objects.get(kind=EventKind.QUESTION)
    assert event.summary == "The patient asked: Does the implant hurt?"
    assert AuditEvent.objects.filter(
        channel=Channel.PATIENT_LINK, summary__startswith="The patient asked"
    ).exists()
    thanks = page_text(verified.get(response["Location"]))
    assert "We got your question" in thanks


def test_an_empty_question_is_refused(linked: Linked, verified: Client) -> None:
    response = verified.post(linked.url("ask"), {"text": "   "})
    assert response.status_code == 200
    assert "Please write your question." in page_text(response)
    assert not CaseQuestion.objects.exists()


def test_ten_questions_a_day(linked: Linked, verified: Client) -> None:
    for n in range(10):
        assert verified.post(linked.url("ask"), {"text": f"Question {n}"}).status_code == 302
    eleventh = verified.post(linked.url("ask"), {"text": "One more"})
    assert eleventh.status_code == 200
    assert "You sent many questions today." in page_text(eleventh)
    assert CaseQuestion.objects.count() == 10
