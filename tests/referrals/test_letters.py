"""Referral letters: templates made once from the defaults and edited with checked merge
fields; a letter filled in from the referral, kept as a PDF with its SHA-256, e-mailed to
the other provider through a real SMTP server or marked as sent; scoped and audited."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from casepath.audit.models import Action, AuditEvent
from casepath.core.errors import CasepathError
from casepath.referrals import letters
from casepath.referrals.letter_defaults import DEFAULTS
from casepath.referrals.models import (
    LetterKind,
    LetterTemplate,
    Referral,
    ReferralEvent,
    ReferralLetter,
    ReferralStatus,
)
from casepath.scheduling.models import AppointmentStatus
from tests.cases.builders import build_consult, two_option_case
from tests.conftest import World, signed_in
from tests.referrals.builders import NOW, build_inbound, build_outbound, build_referring_provider
from tests.scheduling.builders import build_appointment
from tests.smtp import Inbox, local_smtp

REYES_EMAIL = "office@reyes-surgery.example"


@pytest.fixture(autouse=True)
def frozen_now() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def smtp_inbox() -> Iterator[Inbox]:
    with local_smtp() as inbox:
        yield inbox


@pytest.fixture
def inbound(world: World) -> Referral:
    """Ana Lopez, referred to us by Dr. Mia Chen (a general dentist), received."""
    return build_inbound(world)


@pytest.fixture
def outbound(world: World) -> Referral:
    """Ana Lopez's implant case: the implant placed by Dr. Reyes (oral surgeon), sent."""
    two = two_option_case(world)
    return build_outbound(world, case=two.case)


def text_of(letter: ReferralLetter) -> str:
    with letter.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def write(referral: Referral, user: Any, kind: str = LetterKind.THANK_YOU) -> ReferralLetter:
    draft = letters.letter_draft(referral=referral, kind=kind, acting_user=user, now=NOW)
    return letters.letter_write(
        acting_user=user,
        referral=referral,
        kind=kind,
        subject=draft.subject,
        body=draft.body,
        now=NOW,
    )


# Templates


def test_the_four_templates_are_made_once_from_the_defaults(world: World) -> None:
    first = letters.letter_templates(world.practice_a)
    again = letters.letter_templates(world.practice_a)

    assert [t.kind for t in first] == [
        "thank_you",
        "consult_report",
        "progress",
        "completion",
    ]
    assert [t.pk for t in again] == [t.pk for t in first]
    assert LetterTemplate.objects.filter(practice=world.practice_a).count() == 4
    assert LetterTemplate.objects.filter(practice=world.practice_b).count() == 0
    thank_you = first[0]
    assert thank_you.subject == "Thank you for referring {{ patient.full_name }}"
    assert thank_you.body == DEFAULTS["thank_you"][1].strip()
    assert letters.letter_template(world.practice_a, "progress").pk == first[2].pk


def test_every_default_uses_only_known_merge_fields() -> None:
    for subject, body in DEFAULTS.values():
        letters.check_template(subject, "subject")
        letters.check_template(body, "body")


def test_a_template_with_an_unknown_field_is_refused_naming_it(world: World) -> None:
    with pytest.raises(CasepathError) as refused:
        letters.letter_template_save(
            acting_user=world.tess,
            practice=world.practice_a,
            kind="thank_you",
            subject="About {{ patient.ssn }}",
            body="Dear {{ recipient.name }}, {{ patient.insurance_id }}",
            now=NOW,
        )

    problems = {e.path: e.message for e in refused.value.errors}
    assert set(problems) == {"subject", "body"}
    assert "“{{ patient.ssn }}” is not a merge field" in problems["subject"]
    assert "“{{ patient.insurance_id }}” is not a merge field" in problems["body"]
    kept = letters.letter_template(world.practice_a, "thank_you")
    assert kept.subject == DEFAULTS["thank_you"][0]


def test_a_template_cannot_reach_outside_the_sandbox(world: World) -> None:
    for body, words in (
        ("{% load static %}", "The template has a mistake"),
        ("{{ practice.name", "Close every merge field"),
        ("{% for x in patient %}{% endfor %}", "is not a list to loop over"),
    ):
        with pytest.raises(CasepathError) as refused:
            letters.check_template(body)
        assert words in str(refused.value), body


def test_saving_a_template_keeps_the_words_and_audits_the_change(world: World) -> None:
    saved = letters.letter_template_save(
        acting_user=world.mona,
        practice=world.practice_a,
        kind="progress",
        subject="  Update on   {{ patient.first_name }} ",
        body="Dear {{ recipient.name }},\n\n{{ patient.first_name }} is doing well.\n",
        now=NOW,
    )

    assert saved.subject == "Update on {{ patient.first_name }}"
    assert saved.body == "Dear {{ recipient.name }},\n\n{{ patient.first_name }} is doing well."
    audit = AuditEvent.objects.get(object_type="lettertemplate", action=Action.UPDATE)
    assert audit.summary == "Edited the letter “Progress update”"
    assert audit.changes["subject"] == {
        "before": DEFAULTS["progress"][0],
        "after": "Update on {{ patient.first_name }}",
    }


# Merge fields


def test_the_thank_you_letter_is_filled_in_from_the_inbound_referral(
    world: World, inbound: Referral
) -> None:
    ReferralEvent.objects.create(
        practice=world.practice_a,
        referral=inbound,
        status=ReferralStatus.CONSULTED,
        at=NOW - timedelta(days=1),
        by=world.tess,
    )
    build_appointment(
        world.patient_a,
        datetime.fromisoformat("2026-04-07T13:00:00+00:00"),
        reason="Implant consult",
    )

    draft = letters.letter_draft(
        referral=inbound, kind="thank_you", acting_user=world.fran, now=NOW
    )

    assert draft.subject == "Thank you for referring Ana Lopez"
    assert draft.body == (
        "Dear Dr. Mia Chen,\n\n"
        "Thank you for referring Ana Lopez (born April 12, 1985) to Riverside Dental. "
        "You sent Ana to us for: Evaluate for an implant at 19; patient anxious.\n\n"
        "Ana's consult with us: March 19, 2026.\n\n"
        "Next steps:\n"
        "• Tuesday, April 7, 2026 at 9:00 AM: Implant consult\n\n"
        "We will keep you posted as care goes on. Please call us with any question.\n\n"
        "With thanks,\n"
        "Tess Tester\n"
        "Riverside Dental"
    )


def test_the_progress_letter_lists_the_procedures_and_the_next_visits_of_the_case(
    world: World, outbound: Referral
) -> None:
    case = outbound.case
    assert case is not None
    at = datetime.fromisoformat("2026-04-07T13:00:00+00:00")
    build_appointment(world.patient_a, at, case=case, reason="Implant placement")
    build_appointment(
        world.patient_a,
        at - timedelta(days=1),
        case=case,
        reason="Called off",
        status=AppointmentStatus.CANCELLED,
    )
    build_appointment(world.patient_a, NOW - timedelta(days=2), case=case, reason="Done before")

    fields = letters.letter_fields(outbound, acting_user=world.tess, now=NOW)

    assert fields["recipient"] == {
        "name": "Dr. Alan Reyes",
        "practice": "Reyes Oral Surgery",
        "specialty": "Oral surgery",
    }
    assert fields["provider"] == {"name": "Dr. Rita Nunez"}
    assert fields["case"] == {"title": "Missing lower left molar"}
    assert fields["referral"]["expected_back_on"] == "April 30, 2026"
    assert fields["referral"]["referred_on"] == "March 18, 2026"
    assert fields["referral"]["urgency"] == "Routine"
    assert str(fields["procedures"]) == "• D6010 Implant placed in the jaw (tooth 19)"
    assert fields["next_steps"] == "• Tuesday, April 7, 2026 at 9:00 AM: Implant placement"
    assert fields["today"] == "March 20, 2026"

    draft = letters.letter_draft(
        referral=outbound, kind="progress", acting_user=world.tess, now=NOW
    )
    assert draft.subject == "Progress update: Ana Lopez"
    assert "The treatment:\n• D6010 Implant placed in the jaw (tooth 19)\n" in draft.body
    assert "We expect Ana back by April 30, 2026." in draft.body


def test_the_consult_report_tells_the_referrer_what_was_found_and_planned(
    world: World, inbound: Referral, frozen_now: Any
) -> None:
    two = two_option_case(world)
    inbound.case = two.case
    inbound.save()
    frozen_now.move_to(NOW - timedelta(days=10))
    build_consult(world, two.case)  # a week later: Tuesday, March 17, 11:00 in New York
    frozen_now.move_to(NOW)

    draft = letters.letter_draft(
        referral=inbound, kind="consult_report", acting_user=world.tess, now=NOW
    )

    assert draft.subject == "Consult report: Ana Lopez"
    assert draft.body == (
        "Dear Dr. Mia Chen,\n\n"
        "We saw Ana on Tuesday, March 17, 2026 at 11:00 AM for a consult. "
        "The reason for the referral: Evaluate for an implant at 19; patient anxious.\n\n"
        "What we found: Missing lower left molar.\n\n"
        "Planned treatment:\n"
        "• D6010 Implant placed in the jaw (tooth 19)\n"
        "• D6058 Crown on an implant (tooth 19)\n\n"
        "Please call us with any question.\n\n"
        "Sincerely,\n"
        "Dr. Rita Nunez\n"
        "Riverside Dental"
    )


def test_a_loop_over_the_procedures_and_typed_markup_stay_plain_text(
    world: World, outbound: Referral
) -> None:
    letters.letter_template_save(
        acting_user=world.tess,
        practice=world.practice_a,
        kind="completion",
        subject="Done: {{ patient.last_name|upper }}",
        body=(
            "<b>Hi</b> {{ recipient.name }} & team,\n"
            "{% for procedure in procedures %}{{ forloop.counter }}. {{ procedure.code }} "
            "on {{ procedure.tooth }}\n{% endfor %}"
        ),
        now=NOW,
    )

    draft = letters.letter_draft(
        referral=outbound, kind="completion", acting_user=world.tess, now=NOW
    )

    assert draft.subject == "Done: LOPEZ"
    assert draft.body == "<b>Hi</b> Dr. Alan Reyes & team,\n1. D6010 on 19"


# The letter as a PDF


def test_a_written_letter_is_kept_as_a_pdf_with_its_sha256(world: World, inbound: Referral) -> None:
    letter = letters.letter_write(
        acting_user=world.tess,
        referral=inbound,
        kind="thank_you",
        subject="Thank you for referring Ana Lopez",
        body="Dear Dr. Chen,\n\nThank you for sending us Ana.\n\nTess",
        now=NOW,
    )

    text = text_of(letter)
    assert "Riverside Dental" in text
    assert "Re: Ana Lopez, born April 12, 1985" in text
    assert "Dr. Mia Chen Chen Family Dentistry" in text
    assert "Thank you for sending us Ana." in text
    assert "March 20, 2026" in text
    with letter.pdf.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == letter.sha256
    assert (letter.kind, letter.written_by, letter.sent_at) == ("thank_you", world.tess, None)
    audit = AuditEvent.objects.get(object_type="referralletter", action=Action.CREATE)
    assert audit.patient == world.patient_a
    assert audit.summary == "Wrote the letter “Thank you for referring Ana Lopez” to Dr. Mia Chen"
    assert audit.changes["sha256"]["after"] == letter.sha256


def test_a_letter_without_words_is_refused_naming_the_fields(
    world: World, inbound: Referral
) -> None:
    with pytest.raises(CasepathError) as refused:
        letters.letter_write(
            acting_user=world.tess,
            referral=inbound,
            kind="invitation",
            subject="  ",
            body="\n",
            now=NOW,
        )

    assert [e.path for e in refused.value.errors] == ["kind", "subject", "body"]
    assert not ReferralLetter.objects.exists()


# Sending


def test_the_letter_is_emailed_to_the_provider_with_the_pdf_attached(
    world: World, outbound: Referral, smtp_inbox: Inbox
) -> None:
    world.practice_a.email = "front@riverside.example"
    world.practice_a.save()
    letter = write(outbound, world.tess, "progress")

    sent = letters.letter_email(acting_user=world.fran, letter=letter, now=NOW)

    assert len(smtp_inbox.deliveries) == 1
    recipients, message = smtp_inbox.deliveries[0]
    assert recipients == [REYES_EMAIL]
    assert message["Subject"] == "Progress update: Ana Lopez"
    assert message["Reply-To"] == "front@riverside.example"
    assert "Riverside Dental" in message["From"]
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    assert "Please find our letter attached: Progress update: Ana Lopez." in body.get_content()
    attachments = list(message.iter_attachments())
    assert [a.get_content_type() for a in attachments] == ["application/pdf"]
    assert attachments[0].get_filename() == f"letter-{outbound.pk}-progress-{letter.pk}.pdf"
    assert hashlib.sha256(attachments[0].get_content()).hexdigest() == letter.sha256
    sent.refresh_from_db()
    assert (sent.sent_how, sent.sent_at) == ("e-mail", NOW)
    audit = AuditEvent.objects.get(object_type="referralletter", action=Action.UPDATE)
    assert (
        audit.summary == f"Sent the letter “Progress update: Ana Lopez” by e-mail to {REYES_EMAIL}"
    )
    assert audit.actor == world.fran


def test_no_email_address_refuses_to_send_and_records_nothing(
    world: World, smtp_inbox: Inbox
) -> None:
    provider = build_referring_provider(world.practice_a, name="Dr. Ivy Fax", email="")
    letter = write(build_inbound(world, provider=provider), world.tess)

    with pytest.raises(CasepathError) as refused:
        letters.letter_email(acting_user=world.tess, letter=letter, now=NOW)

    assert refused.value.errors[0].path == "email"
    assert "Dr. Ivy Fax has no e-mail address" in refused.value.errors[0].message
    assert smtp_inbox.deliveries == []
    letter.refresh_from_db()
    assert letter.sent_at is None


def test_a_letter_sent_by_fax_is_recorded(world: World, inbound: Referral) -> None:
    letter = write(inbound, world.tess)

    letters.letter_sent(acting_user=world.tess, letter=letter, how="fax", now=NOW)

    letter.refresh_from_db()
    assert (letter.sent_how, letter.sent_at) == ("fax", NOW)
    assert AuditEvent.objects.filter(
        action=Action.UPDATE, summary="Sent the letter “Thank you for referring Ana Lopez” by fax"
    ).exists()
    with pytest.raises(CasepathError) as refused:
        letters.letter_sent(acting_user=world.tess, letter=letter, how="pigeon", now=NOW)
    assert refused.value.errors[0].path == "how"


# Screens


def letters_url(referral: Referral) -> str:
    return reverse("referrals:letters", args=[referral.pk])


def test_write_a_letter_from_the_page(world: World, inbound: Referral) -> None:
    client = signed_in(world.fran)

    start = client.get(letters_url(inbound), {"kind": "thank_you"})

    assert start.status_code == 200
    form = start.context["write"]
    assert form.initial["subject"] == "Thank you for referring Ana Lopez"
    assert form.initial["body"].startswith("Dear Dr. Mia Chen,\n\nThank you for referring Ana")
    saved = client.post(
        letters_url(inbound),
        {"kind": "thank_you", "subject": "Thanks for Ana", "body": "Dear Dr. Chen,\n\nThanks."},
    )
    letter = ReferralLetter.objects.get()
    assert saved.status_code == 302
    assert saved["Location"] == f"{letters_url(inbound)}#letter-{letter.pk}"
    assert (letter.subject, letter.body, letter.written_by) == (
        "Thanks for Ana",
        "Dear Dr. Chen,\n\nThanks.",
        world.fran,
    )
    page = client.get(letters_url(inbound))
    assert b"Thanks for Ana" in page.content
    assert b"Not sent yet" in page.content


def test_a_letter_without_a_body_is_shown_again_with_the_error(
    world: World, inbound: Referral
) -> None:
    answer = signed_in(world.tess).post(
        letters_url(inbound), {"kind": "progress", "subject": "Update", "body": ""}
    )

    assert answer.status_code == 200
    assert answer.context["write"].errors == {"body": ["This field is required."]}
    assert not ReferralLetter.objects.exists()


def test_the_pdf_is_served_to_the_practice_and_audited(world: World, inbound: Referral) -> None:
    letter = write(inbound, world.tess)

    answer = signed_in(world.doc).get(reverse("referrals:letter_pdf", args=[inbound.pk, letter.pk]))

    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert answer["Cache-Control"].startswith("private, no-store")
    content = b"".join(answer.streaming_content)  # type: ignore[attr-defined]
    assert hashlib.sha256(content).hexdigest() == letter.sha256
    audit = AuditEvent.objects.get(object_type="referralletter", action=Action.VIEW)
    assert (audit.actor, audit.patient) == (world.doc, world.patient_a)


def test_send_and_mark_sent_from_the_page(
    world: World, outbound: Referral, smtp_inbox: Inbox
) -> None:
    client = signed_in(world.tess)
    first, second = write(outbound, world.tess), write(outbound, world.tess, "progress")

    emailed = client.post(reverse("referrals:letter_email", args=[outbound.pk, first.pk]))
    faxed = client.post(
        reverse("referrals:letter_sent", args=[outbound.pk, second.pk]), {"how": "mail"}
    )

    assert (emailed.status_code, faxed.status_code) == (302, 302)
    assert [r for r, _ in smtp_inbox.deliveries] == [[REYES_EMAIL]]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.sent_how, second.sent_how) == ("e-mail", "mail")


def test_a_refused_email_is_shown_on_the_page(world: World, smtp_inbox: Inbox) -> None:
    provider = build_referring_provider(world.practice_a, name="Dr. Ivy Fax", email="")
    referral = build_inbound(world, provider=provider)
    letter = write(referral, world.tess)

    answer = signed_in(world.tess).post(
        reverse("referrals:letter_email", args=[referral.pk, letter.pk])
    )

    assert answer.status_code == 200
    row = next(r for r in answer.context["rows"] if r["letter"].pk == letter.pk)
    assert "Dr. Ivy Fax has no e-mail address" in row["email_form"].non_field_errors()[0]
    assert smtp_inbox.deliveries == []


def test_a_letter_of_another_referral_is_not_found(world: World, inbound: Referral) -> None:
    other = build_inbound(world, reason="Another reason")
    letter = write(other, world.tess)

    answer = signed_in(world.tess).get(
        reverse("referrals:letter_pdf", args=[inbound.pk, letter.pk])
    )

    assert answer.status_code == 404


def test_the_template_pages(world: World) -> None:
    client = signed_in(world.tess)

    listed = client.get(reverse("referrals:letter_templates"))
    url = reverse("referrals:letter_template", args=["consult_report"])
    refused = client.post(url, {"subject": "Report", "body": "Dear {{ recipient.fax }}"})
    saved = client.post(url, {"subject": "Report on {{ patient.full_name }}", "body": "Hello."})
    unknown = client.get(reverse("referrals:letter_template", args=["postcard"]))

    assert listed.status_code == 200
    assert [t.kind for t in listed.context["templates"]] == LetterKind.values
    assert refused.status_code == 200
    assert "“{{ recipient.fax }}” is not a merge field" in refused.context["form"].errors["body"][0]
    assert saved.status_code == 302
    kept = LetterTemplate.objects.get(practice=world.practice_a, kind="consult_report")
    assert (kept.subject, kept.body) == ("Report on {{ patient.full_name }}", "Hello.")
    assert unknown.status_code == 404
    preview = client.get(url)
    assert preview.context["preview"] == {"subject": "Report on Maria Garcia", "body": "Hello."}


# Who may do what


def test_permissions(world: World, inbound: Referral) -> None:
    letter = write(inbound, world.tess)
    doc, fran, mona = signed_in(world.doc), signed_in(world.fran), signed_in(world.mona)
    templates = reverse("referrals:letter_templates")
    template = reverse("referrals:letter_template", args=["thank_you"])
    sent = reverse("referrals:letter_sent", args=[inbound.pk, letter.pk])

    # The provider sees the letters, and writes or sends none.
    page = doc.get(letters_url(inbound), {"kind": "thank_you"})
    assert page.status_code == 200 and page.context["write"] is None
    assert b"Write a letter" not in page.content
    post = {"kind": "thank_you", "subject": "S", "body": "B"}
    assert doc.post(letters_url(inbound), post).status_code == 403
    assert doc.post(sent, {"how": "fax"}).status_code == 403
    # The front desk writes and sends, and edits no template.
    assert fran.post(letters_url(inbound), post).status_code == 302
    assert fran.get(templates).status_code == 403
    assert fran.post(template, {"subject": "S", "body": "B"}).status_code == 403
    # The manager edits the templates.
    assert mona.get(template).status_code == 200
    assert ReferralLetter.objects.count() == 2


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_outsider_finds_no_letter(
    world: World, inbound: Referral, olga_client: Client, method: str
) -> None:
    letter = write(inbound, world.tess)
    urls = [
        letters_url(inbound),
        reverse("referrals:letter_pdf", args=[inbound.pk, letter.pk]),
        reverse("referrals:letter_email", args=[inbound.pk, letter.pk]),
        reverse("referrals:letter_sent", args=[inbound.pk, letter.pk]),
    ]

    answers = {url: getattr(olga_client, method)(url).status_code for url in urls}

    assert set(answers.values()) <= {404, 405}
    assert 404 in answers.values()
    letter.refresh_from_db()
    assert letter.sent_at is None


def test_an_outsider_edits_only_the_templates_of_their_own_practice(
    world: World, olga_client: Client
) -> None:
    url = reverse("referrals:letter_template", args=["thank_you"])

    olga_client.post(url, {"subject": "Hillcrest thanks", "body": "Thanks."})

    assert LetterTemplate.objects.get(practice=world.practice_b, kind="thank_you").subject == (
        "Hillcrest thanks"
    )
    assert not LetterTemplate.objects.filter(practice=world.practice_a).exists()
