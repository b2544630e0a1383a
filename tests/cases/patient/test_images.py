"""Pictures on the patient page: only those the presentation showed, only once verified."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.test import Client

from casepath.audit.models import AuditEvent, Channel
from casepath.cases.models import CaseImage
from tests.cases.builders import two_option_case
from tests.cases.patient.conftest import BIRTH, page_text, present_and_link
from tests.conftest import World

PNG = b"\x89PNG\r\n\x1a\n fake picture"


def image(world: World, case: object, caption: str) -> CaseImage:
    made = CaseImage(practice=world.practice_a, case=case, caption=caption)
    made.content_type = "image/png"
    made.file.save("gap.png", ContentFile(PNG), save=False)
    made.save()
    return made


def test_the_patient_sees_the_presented_pictures_only(world: World, phone: Client) -> None:
    two = two_option_case(world)
    shown = image(world, two.case, "The gap at tooth 19")
    linked = present_and_link(world, two)
    later = image(world, two.case, "Added after the presentation")
    url = linked.url("image", shown.pk)
    assert phone.get(url).status_code == 404  # not verified yet
    phone.post(linked.url(), BIRTH)
    page = page_text(phone.get(linked.url()))
    assert f'src="{url}" alt="The gap at tooth 19"' in page
    assert "Added after" not in page
    response = phone.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG
    assert phone.get(linked.url("image", later.pk)).status_code == 404
    assert AuditEvent.objects.filter(
        channel=Channel.PATIENT_LINK,
        summary=f"The patient opened image {shown.pk} on the patient link",
    ).exists()
