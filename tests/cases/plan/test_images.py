"""Images of a case: uploaded from the plan section, checked by reading them with Pillow,
served only to staff of the practice through an audited view, never cached."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from casepath.audit.models import Action, AuditEvent
from casepath.cases import image_services, plan_services
from casepath.cases.models import CaseEvent, CaseImage, EventKind, PlannedProcedure
from tests.cases.builders import TwoOptions, build_case
from tests.cases.plan.conftest import HTMX, field_error, url
from tests.conftest import World, signed_in

FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}


def picture(kind: str = "PNG", name: str = "mouth.png") -> SimpleUploadedFile:
    """A real 24 x 16 picture, made by Pillow."""
    buffer = io.BytesIO()
    Image.new("RGB", (24, 16), (200, 120, 90)).save(buffer, format=kind)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def upload(user: Any, two: TwoOptions, file: Any, **fields: str) -> Any:
    data = {"file": file, "kind": "photo", "caption": "Gap where tooth 19 was", "procedure": ""}
    data.update(fields)
    return signed_in(user).post(url("image_add", two.case.pk), data, **HTMX)


@pytest.mark.parametrize("kind", FORMATS)
def test_upload_a_picture(world: World, two: TwoOptions, kind: str) -> None:
    response = upload(world.tess, two, picture(kind, name="photo.bin"))
    assert response.status_code == 200
    image = CaseImage.objects.get(case=two.case)
    assert (image.content_type, image.caption, image.kind) == (
        FORMATS[kind],
        "Gap where tooth 19 was",
        "photo",
    )
    assert image.uploaded_by == world.tess
    assert "photo.bin" not in image.file.name  # a random name: nothing of the patient in it
    assert image.file.name.startswith(f"practice-{world.practice_a.pk}/cases/{two.case.pk}/")
    event = CaseEvent.objects.get(case=two.case, kind=EventKind.IMAGE)
    assert event.summary == "Image added (intraoral photo): Gap where tooth 19 was"
    assert AuditEvent.objects.filter(action=Action.CREATE, object_id=str(two.case.pk)).exists()
    page = response.content.decode()
    src = url("image", two.case.pk, image.pk)
    assert f'<img src="{src}" alt="Gap where tooth 19 was"' in page


def test_text_named_png_is_refused(world: World, two: TwoOptions) -> None:
    fake = SimpleUploadedFile("xray.png", b"not a picture at all", content_type="image/png")
    response = upload(world.tess, two, fake)
    assert response.status_code == 200
    words = field_error(response.content.decode(), "new-image", "file")
    assert "The file is not a JPEG, PNG or WebP picture" in words
    assert not CaseImage.objects.exists()
    assert not CaseEvent.objects.filter(kind=EventKind.IMAGE).exists()


def test_another_picture_format_is_refused(world: World, two: TwoOptions) -> None:
    response = upload(world.tess, two, picture("GIF", name="smile.gif"))
    words = field_error(response.content.decode(), "new-image", "file")
    assert "The file is not a JPEG, PNG or WebP picture" in words
    assert not CaseImage.objects.exists()


def test_a_file_over_ten_megabytes_is_refused(world: World, two: TwoOptions) -> None:
    big = SimpleUploadedFile("big.png", picture().read() + b"\0" * (10 * 1024 * 1024))
    response = upload(world.tess, two, big)
    words = field_error(response.content.decode(), "new-image", "file")
    assert "a picture can be at most 10 MB" in words
    assert not CaseImage.objects.exists()


def test_a_caption_is_needed(world: World, two: TwoOptions) -> None:
    response = upload(world.tess, two, picture(), caption="")
    words = field_error(response.content.decode(), "new-image", "caption")
    assert "Write a caption" in words
    assert not CaseImage.objects.exists()


def test_images_are_grouped_by_procedure(world: World, two: TwoOptions) -> None:
    body = PlannedProcedure.objects.get(phase__option=two.implant, code="D6010")
    upload(world.tess, two, picture(), caption="Whole mouth")
    response = upload(world.tess, two, picture(), caption="X-ray of 19", procedure=str(body.pk))
    image = CaseImage.objects.get(caption="X-ray of 19")
    assert image.procedure == body
    page = response.content.decode()
    whole, rest = page.split("<h4>Whole case</h4>")[1].split("<h4>Implant · D6010 tooth 19")
    assert "Whole mouth" in whole and "X-ray of 19" not in whole
    assert "X-ray of 19" in rest


def test_a_procedure_of_another_case_cannot_be_chosen(world: World, two: TwoOptions) -> None:
    other = build_case(world, title="Another case")
    option = plan_services.option_add(acting_user=world.tess, case=other, name="Crown")
    row = plan_services.procedure_add(
        acting_user=world.tess, phase=option.phases.get(), code="D2740", tooth="30"
    )
    response = upload(world.tess, two, picture(), procedure=str(row.pk))
    words = field_error(response.content.decode(), "new-image", "procedure")
    assert "Choose a procedure of this case, or none." in words
    assert not CaseImage.objects.exists()


def saved_image(world: World, two: TwoOptions) -> CaseImage:
    return image_services.image_add(
        acting_user=world.tess,
        case=two.case,
        upload=picture(),
        kind="xray",
        caption="Bitewing",
    )


def test_an_image_is_served_to_its_practice_with_its_type_and_never_cached(
    world: World, two: TwoOptions
) -> None:
    image = saved_image(world, two)
    response = signed_in(world.fran).get(url("image", two.case.pk, image.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    body = b"".join(response.streaming_content)
    assert Image.open(io.BytesIO(body)).size == (24, 16)
    read = AuditEvent.objects.get(action=Action.VIEW, object_id=str(image.pk))
    assert (read.actor, read.patient) == (world.fran, two.case.patient)


def test_the_outsider_gets_no_image(world: World, two: TwoOptions) -> None:
    image = saved_image(world, two)
    assert signed_in(world.olga).get(url("image", two.case.pk, image.pk)).status_code == 404


def test_an_image_is_found_only_through_its_case(world: World, two: TwoOptions) -> None:
    image = saved_image(world, two)
    other = build_case(world, title="Another case")
    assert signed_in(world.tess).get(url("image", other.pk, image.pk)).status_code == 404


def test_the_front_desk_cannot_upload_or_remove(world: World, two: TwoOptions) -> None:
    assert upload(world.fran, two, picture()).status_code == 403
    image = saved_image(world, two)
    removed = signed_in(world.fran).post(url("image_remove", two.case.pk, image.pk), **HTMX)
    assert removed.status_code == 403
    assert CaseImage.objects.filter(pk=image.pk).exists()


def test_remove_an_image(
    world: World, two: TwoOptions, django_capture_on_commit_callbacks: Any
) -> None:
    image = saved_image(world, two)
    storage, name = image.file.storage, image.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(world.tess).post(url("image_remove", two.case.pk, image.pk), **HTMX)
    assert response.status_code == 200
    assert not CaseImage.objects.filter(pk=image.pk).exists()
    assert not storage.exists(name)
    assert AuditEvent.objects.filter(summary__startswith="Removed the image “Bitewing”").exists()
