"""What patients read from Casepath's messages and the unsubscribe page, in English and
Spanish, at a 6th-grade reading level (tests/core/messaging grade every phrase)."""

from __future__ import annotations

from typing import Final

from casepath.core.explain import Language, language_of

WORDS: Final[dict[Language, dict[str, str]]] = {
    "en": {
        "sms_stop": "Reply STOP to end texts.",
        "email_stop": "To stop e-mails from {practice}, use this link: {link}",
        "email_stop_link": "Stop these e-mails",
        "unsubscribe_title": "Stop e-mails",
        "unsubscribe_ask": "Do you want us to stop sending you e-mails?",
        "unsubscribe_button": "Yes, stop them",
        "unsubscribed": "Done. We will not send you e-mails again.",
        "call_us": "To change this, call us at {phone}.",
        "bad_link": "This link does not work. Please call the office.",
    },
    "es": {
        "sms_stop": "Responda STOP para no recibir más textos.",
        "email_stop": "Para no recibir más correos de {practice}, use este enlace: {link}",
        "email_stop_link": "No quiero más correos",
        "unsubscribe_title": "No más correos",
        "unsubscribe_ask": "¿Quiere que no le enviemos más correos?",
        "unsubscribe_button": "Sí, no más correos",
        "unsubscribed": "Listo. No le vamos a enviar más correos.",
        "call_us": "Para cambiar esto, llame al {phone}.",
        "bad_link": "Este enlace no sirve. Por favor llame a la oficina.",
    },
}


def words_for(preferred_language: str) -> dict[str, str]:
    """The phrases in the patient's language (English unless it is Spanish)."""
    return WORDS[language_of(preferred_language)]
