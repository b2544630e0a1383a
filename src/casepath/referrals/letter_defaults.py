"""The words of the four referral letters before a practice edits them.

Each letter is a subject and a body with merge fields (letters.FIELDS). A practice gets
its own copy of each the first time it needs one (letters.letter_template) and edits
that copy; these defaults never change a practice's letters afterwards.
"""

from __future__ import annotations

from typing import Final

from casepath.referrals.models import LetterKind

THANK_YOU_BODY: Final = """\
Dear {{ recipient.name }},

Thank you for referring {{ patient.full_name }} (born {{ patient.date_of_birth }}) to \
{{ practice.name }}.{% if referral.reason %} You sent {{ patient.first_name }} to us for: \
{{ referral.reason }}{% endif %}
{% if consult.when %}
{{ patient.first_name }}'s consult with us: {{ consult.when }}.
{% endif %}{% if case.title %}
{{ provider.name|default:"Our dentist" }} is planning treatment for “{{ case.title }}”.
{% endif %}{% if next_steps %}
Next steps:
{{ next_steps }}
{% endif %}
We will keep you posted as care goes on. Please call us{% if practice.phone %} at \
{{ practice.phone }}{% endif %} with any question.

With thanks,
{{ coordinator.name }}
{{ practice.name }}
"""

CONSULT_REPORT_BODY: Final = """\
Dear {{ recipient.name }},

We saw {{ patient.first_name }}{% if consult.when %} on {{ consult.when }}{% endif %} for a \
consult.{% if referral.reason %} The reason for the referral: {{ referral.reason }}{% endif %}
{% if case.title %}
What we found: {{ case.title }}.
{% endif %}{% if procedures %}
Planned treatment:
{{ procedures }}
{% endif %}{% if next_steps %}
Next steps:
{{ next_steps }}
{% endif %}
Please call us{% if practice.phone %} at {{ practice.phone }}{% endif %} with any question.

Sincerely,
{{ provider.name|default:coordinator.name }}
{{ practice.name }}
"""

PROGRESS_BODY: Final = """\
Dear {{ recipient.name }},

Here is an update on {{ patient.first_name }}'s care\
{% if case.title %} for “{{ case.title }}”{% endif %}.
{% if procedures %}
The treatment:
{{ procedures }}
{% endif %}{% if next_steps %}
Next steps:
{{ next_steps }}
{% endif %}{% if referral.expected_back_on %}
We expect {{ patient.first_name }} back by {{ referral.expected_back_on }}.
{% endif %}
Please call us{% if practice.phone %} at {{ practice.phone }}{% endif %} with any question.

Sincerely,
{{ coordinator.name }}
{{ practice.name }}
"""

COMPLETION_BODY: Final = """\
Dear {{ recipient.name }},

{{ patient.first_name }}'s treatment\
{% if case.title %} for “{{ case.title }}”{% endif %} is complete.
{% if procedures %}
What was done:
{{ procedures }}
{% endif %}
Thank you for working with us on {{ patient.first_name }}'s care. \
{{ patient.first_name }} is back in your hands for routine care.

Sincerely,
{{ provider.name|default:coordinator.name }}
{{ practice.name }}
"""

DEFAULTS: Final[dict[str, tuple[str, str]]] = {
    LetterKind.THANK_YOU: (
        "Thank you for referring {{ patient.full_name }}",
        THANK_YOU_BODY,
    ),
    LetterKind.CONSULT_REPORT: (
        "Consult report: {{ patient.full_name }}",
        CONSULT_REPORT_BODY,
    ),
    LetterKind.PROGRESS: (
        "Progress update: {{ patient.full_name }}",
        PROGRESS_BODY,
    ),
    LetterKind.COMPLETION: (
        "Treatment completed: {{ patient.full_name }}",
        COMPLETION_BODY,
    ),
}


def default_letter(kind: str) -> tuple[str, str]:
    """The default subject and body of one kind of letter."""
    subject, body = DEFAULTS[kind]
    return subject, body.strip()
