"""Merge fields: filled with plain values, escaped, and nothing else reachable."""

from __future__ import annotations

import pytest

from casepath.audit.models import AuditEvent
from casepath.cases import merge
from casepath.cases.document_services import document_template_current, document_template_save
from casepath.cases.models import DocumentKind, DocumentTemplate
from casepath.core.errors import CasepathError
from tests.conftest import World


def test_merge_fields_are_filled_and_options_print_one_a_line() -> None:
    body = "Dear {{ patient.first_name }},\n\n{{ options }}\n\nCall {{ practice.phone }}."

    html = merge.render(body, merge.sample_fields())

    assert html == (
        "<p>Dear Maria,</p>\n\n"
        "<p>• Implant (recommended): your part is about $2,700.00<br>"
        "• Bridge: your part is about $1,850.00</p>\n\n"
        "<p>Call (614) 555-0100.</p>"
    )


def test_loops_and_conditions_over_the_options() -> None:
    body = (
        "{% for option in options %}{{ forloop.counter }}. {{ option.name|upper }}"
        "{% if option.recommended %} *{% endif %} {{ option.fee }}\n{% endfor %}"
    )

    html = merge.render(body, merge.sample_fields())

    assert html == "<p>1. IMPLANT * $4,200.00<br>2. BRIDGE $3,700.00</p>"


def test_values_and_the_text_around_them_are_escaped() -> None:
    fields = merge.sample_fields()
    fields["patient"]["first_name"] = "<b>Maria</b>"

    html = merge.render('<img src="file:///etc/passwd"> {{ patient.first_name }}', fields)

    assert "<img" not in html and "<b>" not in html
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt; &lt;b&gt;Maria&lt;/b&gt;" in html


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("{{ patient.date_of_birth }}", "“{{ patient.date_of_birth }}” is not a merge field"),
        ("{{ patient.first_name.upper }}", "“{{ patient.first_name.upper }}” is not a merge"),
        ("{{ patient.items }}", "“{{ patient.items }}” is not a merge field"),
        ("{% for o in options %}{{ o.cost }}{% endfor %}", "“{{ o.cost }}” is not a merge"),
        ("{% if case.status %}x{% endif %}", "“{{ case.status }}” is not a merge field"),
        ("{{ today|default:secret }}", "“{{ secret }}” is not a merge field"),
        ("{% for c in patient.first_name %}{% endfor %}", "is not a list to loop over"),
        ("{{ patient.first_name|safe }}", "Invalid filter: 'safe'"),
        ("{% load static %}", "Invalid block tag on line 1: 'load'"),
        ("{% debug %}", "Invalid block tag on line 1: 'debug'"),
        ("{% include 'web/base.html' %}", "Invalid block tag on line 1: 'include'"),
        (
            "Dear {{ patient.first_name }, hi",
            "Close every merge field: “Dear {{ patient.first_name }, hi”",
        ),
        ("Dear { patient.first_name }}", "Close every merge field"),
        ("{% if %}", "The template has a mistake"),
    ],
)
def test_unknown_fields_and_unsafe_tags_are_refused(body: str, words: str) -> None:
    with pytest.raises(CasepathError) as refused:
        merge.check_template(body)

    assert refused.value.errors[0].path == "body"
    assert words in refused.value.errors[0].message


def test_only_plain_values_reach_a_template(world: World) -> None:
    fields = merge.sample_fields() | {"patient": world.patient_a}

    with pytest.raises(TypeError, match=r"merge field fields\.patient is a Patient"):
        merge.render("{{ patient.first_name }}", fields)


def test_every_default_letter_compiles_with_the_sample_fields(world: World) -> None:
    for kind in DocumentKind.values:
        template = document_template_current(world.practice_a, kind)
        html = merge.render(template.body, merge.sample_fields())
        assert template.version == 1
        assert "Maria" in html or "Dr. Sam Lee" in html
    assert DocumentTemplate.objects.filter(practice=world.practice_a).count() == 3


def test_editing_a_letter_makes_a_new_version(world: World) -> None:
    first = document_template_current(world.practice_a, DocumentKind.PATIENT_LETTER)

    saved = document_template_save(
        acting_user=world.tess,
        practice=world.practice_a,
        kind=DocumentKind.PATIENT_LETTER,
        name="Thank-you letter",
        body="Dear {{ patient.first_name }}, thank you.",
    )

    first.refresh_from_db()
    assert (saved.version, saved.is_current, saved.made_by) == (2, True, world.tess)
    assert (first.version, first.is_current) == (1, False)
    assert document_template_current(world.practice_a, DocumentKind.PATIENT_LETTER) == saved
    assert AuditEvent.objects.filter(
        object_type="documenttemplate", object_id=str(saved.pk)
    ).exists()


def test_a_letter_naming_an_unknown_field_is_not_saved(world: World) -> None:
    with pytest.raises(CasepathError) as refused:
        document_template_save(
            acting_user=world.tess,
            practice=world.practice_a,
            kind=DocumentKind.PATIENT_LETTER,
            name="Letter",
            body="Dear {{ patient.nickname }}",
        )

    assert refused.value.errors[0].path == "body"
    assert "patient.nickname" in refused.value.errors[0].message
    assert not DocumentTemplate.objects.filter(version=2).exists()
