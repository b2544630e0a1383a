"""A template filled in for one patient: an e-mail's subject, text and HTML, or a text.

Every e-mail ends with its unsubscribe link (unless the template already places
{{ unsubscribe_url }}); every text says how to stop texts (unless it already does).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from django.utils.html import escape, linebreaks

from casepath.core.errors import CasepathError
from casepath.core.messaging import Field, parse, render, unknown_fields, words_for
from casepath.messaging.fields import known_fields
from casepath.messaging.models import Channel, MessageTemplate

SMS_MAX: Final = 1000
_MENTIONS_STOP: Final = re.compile(r"\bSTOP\b", re.IGNORECASE)


@dataclass(frozen=True)
class Composed:
    subject: str
    body: str
    html_body: str = ""


def check_template(template: MessageTemplate) -> None:
    """Refuse a template with an unknown merge field (naming it and where it is)."""
    for path in _parts(template):
        _check_known(getattr(template, path), template.channel, path)
    if template.channel == Channel.EMAIL and not template.subject.strip():
        raise CasepathError.at("subject", "Give the e-mail a subject.")
    if template.channel == Channel.SMS and len(template.body) > SMS_MAX:
        raise CasepathError.at("body", f"Keep a text under {SMS_MAX:,} characters.")


def compose(template: MessageTemplate, values: dict[str, str], language: str) -> Composed:
    """The template with `values` (fields.field_values) filled in; the lines Casepath
    adds are in the patient's `language` (their preferred language)."""
    for path in _parts(template):
        _check_filled(getattr(template, path), values, path)
    words = words_for(language)
    if template.channel == Channel.SMS:
        body = render(template.body, values).strip()
        return Composed("", body if _MENTIONS_STOP.search(body) else f"{body} {words['sms_stop']}")
    return _email(template, values, words)


def _email(template: MessageTemplate, values: dict[str, str], words: dict[str, str]) -> Composed:
    url = values.get("unsubscribe_url", "")
    subject = " ".join(render(template.subject, values, "subject").split())
    text = render(template.body, values).strip()
    if template.html_body.strip():
        html = render(template.html_body, values, "html_body", escape=escape)
    else:
        html = linebreaks(escape(text))
    if url and not _uses_link(template.body):
        text += "\n\n" + words["email_stop"].format(practice=values["practice.name"], link=url)
    if url and not _uses_link(template.html_body or template.body):
        html += f'\n<p><a href="{escape(url)}">{escape(words["email_stop_link"])}</a></p>'
    return Composed(subject, text, html)


def _parts(template: MessageTemplate) -> tuple[str, ...]:
    return ("subject", "body", "html_body") if template.channel == Channel.EMAIL else ("body",)


def _check_known(text: str, channel: str, path: str) -> None:
    unknown = unknown_fields(text, known_fields(channel), path)
    if unknown:
        kind = "an e-mail" if channel == Channel.EMAIL else "a text message"
        raise CasepathError.at(path, f"“{{{{ {unknown[0]} }}}}” is not a merge field of {kind}.")


def _check_filled(text: str, values: dict[str, str], path: str) -> None:
    for part in parse(text, path):
        if isinstance(part, Field) and part.name not in values:
            raise CasepathError.at(
                "template",
                f"“{{{{ {part.name} }}}}” has nothing to fill it in this message"
                + (": send it about a case." if part.name == "case.title" else "."),
            )


def _uses_link(text: str) -> bool:
    return Field("unsubscribe_url") in parse(text)
