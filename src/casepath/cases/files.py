"""A case's files (images, signed consents, documents) as responses: never cached, never
sniffed. Each caller scopes the row and audits the reading first."""

from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import FileResponse


def private_file(
    stored: FieldFile, *, content_type: str, filename: str = "", download: bool = False
) -> FileResponse:
    response = FileResponse(
        stored.open("rb"), content_type=content_type, as_attachment=download, filename=filename
    )
    if not download:
        response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
