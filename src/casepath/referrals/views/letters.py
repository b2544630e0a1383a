"""Letters to the other provider of a referral, and the practice's letter templates.

- "<referral_id>/letters/": the letters written (newest first); "Write a letter": choose
  the kind, edit the text filled in from the template, save (the PDF is made and kept);
  each letter is sent by e-mail to the other provider or marked as sent by fax or mail.
  VIEW_PATIENTS to see, EDIT_PATIENTS to write and send.
- "<referral_id>/letters/<letter_id>.pdf": the kept PDF, scoped and audited.
- "letters/templates/" and "letters/templates/<kind>/": the four templates with their
  merge fields (MANAGE_CASE_TEMPLATES). The kind is not a record: it names one of the
  practice's own four templates.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casepath.audit.models import Action
from casepath.audit.services import audit_request
from casepath.cases.files import private_file
from casepath.cases.forms import show_errors
from casepath.core.errors import CasepathError
from casepath.referrals import letters
from casepath.referrals.models import LetterKind, Referral, ReferralLetter
from casepath.referrals.selectors import referral_get
from casepath.tenancy.access import practice_view
from casepath.tenancy.models import Practice
from casepath.tenancy.roles import Permission
from casepath.tenancy.scoping import get_scoped_or_404

CHOOSER_ID = "choose-%s"


class KindForm(forms.Form):
    """Which letter to write (GET: ?kind=...)."""

    kind = forms.ChoiceField(label="Letter", choices=LetterKind.choices)


class LetterForm(forms.Form):
    kind = forms.ChoiceField(choices=LetterKind.choices, widget=forms.HiddenInput)
    subject = forms.CharField(max_length=letters.SUBJECT_LENGTH)
    body = forms.CharField(
        label="Letter",
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text="Edit the words as you like; the letter is kept and sent as you save it.",
    )


class SentForm(forms.Form):
    """How a letter went when not by e-mail."""

    how = forms.ChoiceField(label="Sent by", choices=[("fax", "Fax"), ("mail", "Mail")])


class EmailForm(forms.Form):
    """Send by e-mail: nothing to fill in; the refusals show on it."""


class TemplateForm(forms.Form):
    subject = forms.CharField(max_length=letters.SUBJECT_LENGTH)
    body = forms.CharField(label="Letter", widget=forms.Textarea(attrs={"rows": 18}))


def _practice(request: HttpRequest) -> Practice:
    return request.practice  # type: ignore[attr-defined,no-any-return]


def _can(request: HttpRequest, permission: Permission) -> bool:
    return bool(request.membership.can(permission))  # type: ignore[attr-defined]


def _referral(request: HttpRequest, referral_id: int) -> Referral:
    return referral_get(_practice(request), referral_id)


def _letter(request: HttpRequest, referral: Referral, letter_id: int) -> ReferralLetter:
    letter = get_scoped_or_404(ReferralLetter, _practice(request), letter_id)
    if letter.referral_id != referral.pk:
        raise Http404("No such letter")
    letter.referral = referral
    return letter


# The letters of one referral


@require_http_methods(["GET", "POST"])
@practice_view(Permission.VIEW_PATIENTS)
def letters_page(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = _referral(request, referral_id)
    if request.method == "POST":
        if not _can(request, Permission.EDIT_PATIENTS):
            raise PermissionDenied("Your role cannot add and change patients.")
        form = LetterForm(request.POST)
        if form.is_valid():
            try:
                made = letters.letter_write(
                    acting_user=request.user,
                    referral=referral,
                    now=timezone.now(),
                    **form.cleaned_data,
                )
            except CasepathError as error:
                show_errors(form, error)
            else:
                messages.success(request, f"Saved the letter “{made.subject}”.")
                return redirect(f"{_letters_url(referral)}#letter-{made.pk}")
        return _page(request, referral, write=form)
    write = None
    chooser = KindForm(request.GET if "kind" in request.GET else None, auto_id=CHOOSER_ID)
    if chooser.is_valid() and _can(request, Permission.EDIT_PATIENTS):
        draft = letters.letter_draft(
            referral=referral,
            kind=chooser.cleaned_data["kind"],
            acting_user=request.user,
            now=timezone.now(),
        )
        write = LetterForm(
            initial={"kind": draft.kind, "subject": draft.subject, "body": draft.body}
        )
    return _page(request, referral, write=write, chooser=chooser)


def _page(
    request: HttpRequest,
    referral: Referral,
    *,
    write: LetterForm | None = None,
    chooser: KindForm | None = None,
    refused: dict[int, forms.Form] | None = None,
) -> HttpResponse:
    refused = refused or {}
    rows = [
        {"letter": letter, **_send_forms(letter.pk, refused.get(letter.pk))}
        for letter in letters.letters_of(referral)
    ]
    kind = write["kind"].value() if write is not None else ""
    context: dict[str, Any] = {
        "referral": referral,
        "rows": rows,
        "can_write": _can(request, Permission.EDIT_PATIENTS),
        "can_edit_templates": _can(request, Permission.MANAGE_CASE_TEMPLATES),
        "chooser": chooser
        or KindForm(initial={"kind": kind} if kind else None, auto_id=CHOOSER_ID),
        "write": write,
        "write_label": dict(LetterKind.choices).get(kind, ""),
        "recipient_email": referral.other_provider.email,
        "detail_url": _detail_url(referral),
    }
    return render(request, "referrals/letters/list.html", context)


def _send_forms(letter_id: int, refused: forms.Form | None) -> dict[str, forms.Form]:
    """The two ways to send one letter; the refused one keeps its errors."""
    auto_id = f"letter-{letter_id}-%s"
    return {
        "email_form": refused if isinstance(refused, EmailForm) else EmailForm(auto_id=auto_id),
        "sent_form": refused if isinstance(refused, SentForm) else SentForm(auto_id=auto_id),
    }


def _detail_url(referral: Referral) -> str:
    """The referral's page (another screen's URL; empty until it exists)."""
    try:
        return reverse("referrals:detail", args=[referral.pk])
    except NoReverseMatch:
        return ""


def _letters_url(referral: Referral) -> str:
    return reverse("referrals:letters", args=[referral.pk])


@require_GET
@practice_view(Permission.VIEW_PATIENTS)
def letter_pdf(request: HttpRequest, referral_id: int, letter_id: int) -> HttpResponse:
    referral = _referral(request, referral_id)
    letter = _letter(request, referral, letter_id)
    audit_request(
        request,
        action=Action.VIEW,
        target=letter,
        patient=referral.patient,
        summary=f"Opened the letter “{letter.subject}” to {referral.other_provider.name}",
    )
    return private_file(
        letter.pdf,
        content_type="application/pdf",
        filename=letters.letter_file_name(letter),
        download=True,
    )


@require_POST
@practice_view(Permission.EDIT_PATIENTS)
def letter_email(request: HttpRequest, referral_id: int, letter_id: int) -> HttpResponse:
    referral = _referral(request, referral_id)
    letter = _letter(request, referral, letter_id)
    try:
        letters.letter_email(acting_user=request.user, letter=letter, now=timezone.now())
    except CasepathError as error:
        form = EmailForm(request.POST, auto_id=f"letter-{letter.pk}-%s")
        form.is_valid()
        show_errors(form, error)
        return _page(request, referral, refused={letter.pk: form})
    messages.success(request, f"E-mailed “{letter.subject}” to {referral.other_provider.email}.")
    return redirect(f"{_letters_url(referral)}#letter-{letter.pk}")


@require_POST
@practice_view(Permission.EDIT_PATIENTS)
def letter_sent(request: HttpRequest, referral_id: int, letter_id: int) -> HttpResponse:
    referral = _referral(request, referral_id)
    letter = _letter(request, referral, letter_id)
    form = SentForm(request.POST, auto_id=f"letter-{letter.pk}-%s")
    if form.is_valid():
        try:
            letters.letter_sent(
                acting_user=request.user,
                letter=letter,
                how=form.cleaned_data["how"],
                now=timezone.now(),
            )
        except CasepathError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"Marked “{letter.subject}” as sent by {letter.sent_how}.")
            return redirect(f"{_letters_url(referral)}#letter-{letter.pk}")
    return _page(request, referral, refused={letter.pk: form})


# The practice's letter templates


@require_GET
@practice_view(Permission.MANAGE_CASE_TEMPLATES)
def templates_page(request: HttpRequest) -> HttpResponse:
    context = {"templates": letters.letter_templates(_practice(request))}
    return render(request, "referrals/letters/templates.html", context)


@require_http_methods(["GET", "POST"])
@practice_view(Permission.MANAGE_CASE_TEMPLATES)
def template_page(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in LetterKind.values:
        raise Http404("No such letter")
    practice = _practice(request)
    template = letters.letter_template(practice, kind)
    if request.method == "POST":
        form = TemplateForm(request.POST)
        if form.is_valid():
            try:
                letters.letter_template_save(
                    acting_user=request.user,
                    practice=practice,
                    kind=kind,
                    now=timezone.now(),
                    **form.cleaned_data,
                )
            except CasepathError as error:
                show_errors(form, error)
            else:
                messages.success(request, f"Saved the letter “{template.get_kind_display()}”.")
                return redirect("referrals:letter_template", kind=kind)
    else:
        form = TemplateForm(initial={"subject": template.subject, "body": template.body})
    context = {
        "template": template,
        "form": form,
        "fields": letters.FIELD_HELP,
        "preview": _preview(template),
    }
    return render(request, "referrals/letters/template.html", context)


def _preview(template: Any) -> dict[str, str]:
    sample = letters.sample_fields()
    try:
        return {
            "subject": letters.render_text(template.subject, sample, "subject"),
            "body": letters.render_text(template.body, sample, "body"),
        }
    except CasepathError:
        return {}


urlpatterns = [
    path("letters/templates/", templates_page, name="letter_templates"),
    path("letters/templates/<str:kind>/", template_page, name="letter_template"),
    path("<int:referral_id>/letters/", letters_page, name="letters"),
    path("<int:referral_id>/letters/<int:letter_id>.pdf", letter_pdf, name="letter_pdf"),
    path("<int:referral_id>/letters/<int:letter_id>/email/", letter_email, name="letter_email"),
    path("<int:referral_id>/letters/<int:letter_id>/sent/", letter_sent, name="letter_sent"),
]
