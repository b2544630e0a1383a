"""One e-mail through Django's mail backend: a text part, an HTML part, the unsubscribe
headers (RFC 2369 and one-click RFC 8058), and a Message-ID made from the message's key,
so a retry after a crash carries the same Message-ID and mail clients show it once."""

from __future__ import annotations

import smtplib
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from casepath.messaging.models import Message
from casepath.messaging.providers import SendFailed, SendRefused
from casepath.messaging.tokens import sending_key, unsubscribe_url


def message_id_of(message: Message) -> str:
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "casepath.localhost"
    return f"<{sending_key(message.practice_id, message.idempotency_key)}@{domain}>"


def send_email(message: Message) -> str:
    """Hand the e-mail to the mail server; its Message-ID."""
    practice = message.practice
    link = unsubscribe_url(message.patient, message.to)
    message_id = message_id_of(message)
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body,
        from_email=formataddr((practice.name, parseaddr(settings.DEFAULT_FROM_EMAIL)[1])),
        to=[message.to],
        reply_to=[practice.email] if practice.email else None,
        headers={
            "Message-ID": message_id,
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    email.attach_alternative(message.html_body, "text/html")
    for attachment in message.attachments.all():
        email.attach(attachment.file_name, bytes(attachment.content), attachment.content_type)
    try:
        email.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as refused:
        raise SendRefused(f"The mail server refused {message.to}: {_words(refused)}.") from None
    except (smtplib.SMTPException, OSError) as error:
        raise SendFailed(f"The mail server could not take it: {error}.") from None
    return message_id


def _words(refused: smtplib.SMTPRecipientsRefused) -> str:
    for code, said in refused.recipients.values():
        return f"{code} {said.decode(errors='replace') if isinstance(said, bytes) else said}"
    return "no reason given"
