"""HTML templates to PDF with WeasyPrint: one template language for screen and paper.

PDF templates carry their own CSS (templates/cases/pdf/base.html) and embed images as
data URLs, so rendering never reaches the network or the static files.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from typing import Any

from django.core.files.base import ContentFile
from django.template.loader import render_to_string


def render_pdf(template: str, context: Mapping[str, Any]) -> bytes:
    """The PDF of `template` rendered with `context`."""
    from weasyprint import HTML  # imported late: it loads Pango, which start-up need not

    html = render_to_string(template, dict(context))
    return bytes(HTML(string=html, base_url=None).write_pdf())


def pdf_file(content: bytes, name: str) -> tuple[ContentFile[bytes], str]:
    """A file to save in a FileField, and its SHA-256 (kept beside it as the record)."""
    return ContentFile(content, name=name), hashlib.sha256(content).hexdigest()


def data_url(content: bytes, content_type: str) -> str:
    """An image inline in a PDF template (<img src="{{ url }}">)."""
    return f"data:{content_type};base64,{base64.b64encode(content).decode('ascii')}"
