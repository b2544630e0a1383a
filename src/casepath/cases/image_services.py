"""Writes for a case's images: intraoral photos and x-rays shown at the presentation.

An upload is accepted only when Pillow reads it as a JPEG, PNG or WebP picture (the
file name and the browser's content type are not trusted). The stored name is random:
it says nothing of the patient, and the file is served only through the case's views.
"""

from __future__ import annotations

import uuid
import warnings
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from PIL import Image, UnidentifiedImageError

from casepath.audit.models import Action
from casepath.audit.services import audit_record
from casepath.cases.events import case_event
from casepath.cases.models import Case, CaseImage, EventKind, ImageKind, PlannedProcedure
from casepath.core.errors import CasepathError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 50_000_000  # far above any intraoral camera or x-ray sensor
FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}
REFUSED = "The file is not a JPEG, PNG or WebP picture: choose a photo or an x-ray image."


def image_format(upload: UploadedFile) -> str:
    """The Pillow format of the upload (JPEG, PNG or WEBP), or CasepathError at "file"."""
    if upload.size is not None and upload.size > MAX_BYTES:
        megabytes = upload.size / (1024 * 1024)
        raise CasepathError.at(
            "file", f"The file is {megabytes:.1f} MB: a picture can be at most 10 MB."
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as picture:
                found, (width, height) = picture.format, picture.size
                picture.verify()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        raise CasepathError.at("file", REFUSED) from None
    finally:
        upload.seek(0)
    if found not in FORMATS:
        raise CasepathError.at("file", REFUSED)
    if width * height > MAX_PIXELS:
        raise CasepathError.at("file", "The picture is too large: at most 50 megapixels.")
    return str(found)


@transaction.atomic
def image_add(
    *,
    acting_user: Any,
    case: Case,
    upload: UploadedFile,
    kind: str,
    caption: str,
    procedure: PlannedProcedure | None = None,
) -> CaseImage:
    """Keep a picture of the case (or of one of its planned procedures)."""
    content_type, extension = FORMATS[image_format(upload)]
    if not caption.strip():
        raise CasepathError.at("caption", "Write a caption: what does the picture show?")
    if procedure is not None and procedure.case_id != case.pk:
        raise CasepathError.at("procedure", "Choose a procedure of this case, or none.")
    image = CaseImage(
        practice=case.practice,
        case=case,
        procedure=procedure,
        kind=kind,
        caption=caption.strip(),
        content_type=content_type,
        uploaded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    image.full_clean(exclude=["file"])
    image.file.save(f"{uuid.uuid4().hex}.{extension}", upload, save=False)
    try:
        image.save()
    except Exception:
        image.file.delete(save=False)  # no file without its row
        raise
    case_event(
        case,
        kind=EventKind.IMAGE,
        actor=acting_user,
        summary=f"Image added ({ImageKind(kind).label.lower()}): {image.caption}",
        data={"image": image.pk, "procedure": procedure.pk if procedure else None},
        action=Action.CREATE,
    )
    return image


@transaction.atomic
def image_remove(*, acting_user: Any, image: CaseImage) -> None:
    """Remove a picture and its file; the audit trail keeps that it was there."""
    case, caption, name = image.case, image.caption, image.file.name
    image.delete()
    audit_record(
        practice=case.practice,
        actor=acting_user,
        action=Action.UPDATE,
        target=case,
        patient=case.patient,
        summary=f"Removed the image “{caption}” of the case “{case.title}”",
    )
    storage = CaseImage._meta.get_field("file").storage  # type: ignore[attr-defined]
    transaction.on_commit(lambda: storage.delete(name))
