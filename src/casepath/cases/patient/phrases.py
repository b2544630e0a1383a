"""The patient pages' phrases: core.explain.words, plus the few those pages alone need
(refusals of a signature, the birth-date fields, the signed PDF's labels).

Same rule as the core's: short sentences at a 6th-grade level, the same keys and
format fields in both languages.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from casepath.core.explain import language_of, words

_EN: Final[dict[str, str]] = {
    "skip_link": "Skip to the plan",
    "not_found_heading": "This link does not work",
    "not_found_text": "Please check the link, or call your dental office.",
    "closed_heading": "This link is closed",
    "locked_heading": "This link is locked",
    "call_phone": "Please call us at {phone}.",
    "call_office": "Please call your dental office.",
    "month": "Month",
    "day": "Day",
    "year": "Year",
    "birth_date_example": "For example: 4 12 1985",
    "birth_date_invalid": "Please enter a real date.",
    "plan_changed": "Your plan changed after we showed it to you. Please call us.",
    "plan_replaced": "We made a newer plan for you. Please use the newest link.",
    "case_closed": "This plan can no longer be signed here. Please call us.",
    "consent_changed": "The consent text was just updated. Please read it again.",
    "signature_unreadable": "We could not read your signature. Please clear it and sign again.",
    "question_missing": "Please write your question.",
    "question_too_long": "Please make your question shorter.",
    "too_many_questions": "You sent many questions today. Please call us.",
    "pictures": "Pictures",
    "your_choice": "Your choice",
    "fee": "Fee",
    "patient": "Patient",
    "signature": "Signature",
    "signature_kind": "How do you want to sign?",
    "draw_help": "Sign in the box with your finger, a pen or a mouse.",
    "signature_done": "Your signature is in the box.",
    "signature_cleared": "The box is empty now.",
    "signer_name": "Name of the person who signs",
    "witness_name": "Name of a witness (if there is one)",
    "witness": "Witness",
    "agree": "I agree with the words above.",
    "agree_missing": "Please check the box to agree.",
    "signed_by": "Signed by",
    "signed_at": "Date and time",
    "ip_address": "Signed from (IP address)",
    "plan_number": "Plan {number}, code {code}",
    "consent_versions": "Consent text versions: {versions}",
}

_ES: Final[dict[str, str]] = {
    "skip_link": "Ir al plan",
    "not_found_heading": "Este enlace no funciona",
    "not_found_text": "Revise el enlace o llame a su consultorio dental.",
    "closed_heading": "Este enlace está cerrado",
    "locked_heading": "Este enlace está bloqueado",
    "call_phone": "Por favor, llámenos al {phone}.",
    "call_office": "Por favor, llame a su consultorio dental.",
    "month": "Mes",
    "day": "Día",
    "year": "Año",
    "birth_date_example": "Por ejemplo: 4 12 1985",
    "birth_date_invalid": "Por favor, escriba una fecha real.",
    "plan_changed": "Su plan cambió después de que se lo mostramos. Por favor, llámenos.",
    "plan_replaced": "Le hicimos un plan más nuevo. Por favor, use el enlace más nuevo.",
    "case_closed": "Este plan ya no se puede firmar aquí. Por favor, llámenos.",
    "consent_changed": "El texto del permiso cambió. Por favor, léalo otra vez.",
    "signature_unreadable": "No pudimos leer su firma. Por favor, bórrela y firme otra vez.",
    "question_missing": "Por favor, escriba su pregunta.",
    "question_too_long": "Por favor, haga su pregunta más corta.",
    "too_many_questions": "Hoy envió muchas preguntas. Por favor, llámenos.",
    "pictures": "Fotos",
    "your_choice": "Su elección",
    "fee": "Costo",
    "patient": "Paciente",
    "signature": "Firma",
    "signature_kind": "¿Cómo quiere firmar?",
    "draw_help": "Firme en el cuadro con el dedo, un lápiz o el ratón.",
    "signature_done": "Su firma está en el cuadro.",
    "signature_cleared": "El cuadro está vacío.",
    "signer_name": "Nombre de la persona que firma",
    "witness_name": "Nombre de un testigo (si hay uno)",
    "witness": "Testigo",
    "agree": "Estoy de acuerdo con lo que dice arriba.",
    "agree_missing": "Por favor, marque el cuadro para aceptar.",
    "signed_by": "Firmado por",
    "signed_at": "Fecha y hora",
    "ip_address": "Firmado desde (dirección IP)",
    "plan_number": "Plan {number}, código {code}",
    "consent_versions": "Versiones del texto del permiso: {versions}",
}

EXTRA: Final[dict[str, dict[str, str]]] = {"en": _EN, "es": _ES}


def phrases(language: str) -> Mapping[str, str]:
    """Every phrase of the patient pages in `language` (English for anything unknown)."""
    code = language_of(language)
    return {**words(code), **EXTRA[code]}


def phrase(key: str, language: str, **fields: object) -> str:
    text = phrases(language)[key]
    return text.format(**fields) if fields else text
