"""Settings → Procedure names: managers import the practice's licensed descriptors."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from casepath.audit.models import AuditEvent
from casepath.interop.cdt_descriptors import parse_descriptor_file
from casepath.procedures.models import ProcedureDescriptor
from casepath.procedures.selectors import official_descriptors
from casepath.procedures.services import descriptors_import
from tests.conftest import World, signed_in

GOOD = b"code,descriptor\nD2740,Crown - porcelain/ceramic\nD0120,Periodic oral evaluation\n"


def upload(client: Client, content: bytes, source: str = "CDT 2026") -> Any:
    file = SimpleUploadedFile("cdt.csv", content, content_type="text/csv")
    return client.post("/procedures/import/", {"file": file, "source": source})


def test_manager_previews_then_imports(world: World) -> None:
    client = signed_in(world.mona)
    preview = upload(client, GOOD)
    assert preview.status_code == 200
    assert "2 codes: 2 new, 0 changed, 0 the same." in preview.content.decode()
    assert not ProcedureDescriptor.objects.exists()
    done = client.post("/procedures/import/confirm/")
    assert done.status_code == 302
    assert official_descriptors(world.practice_a, ["D2740", "D9999"]) == {
        "D2740": "Crown - porcelain/ceramic"
    }
    page = client.get("/procedures/").content.decode()
    assert "Periodic oral evaluation" in page and "CDT 2026" in page


def test_a_file_with_errors_imports_nothing(world: World) -> None:
    client = signed_in(world.mona)
    page = upload(client, b"code,descriptor\nD2740,Crown\nD27,Oops\n").content.decode()
    assert "Line 3: “D27” is not a procedure code" in page
    assert "Nothing was imported" in page
    assert client.post("/procedures/import/confirm/").status_code == 302
    assert not ProcedureDescriptor.objects.exists()


def test_reimport_changes_only_what_differs(world: World) -> None:
    descriptors_import(
        acting_user=world.mona,
        practice=world.practice_a,
        parsed=parse_descriptor_file(GOOD.decode()),
        source="CDT 2025",
    )
    client = signed_in(world.mona)
    newer = b"code,descriptor\nD2740,Crown - newer text\nD0120,Periodic oral evaluation\n"
    assert "0 new, 1 changed, 1 the same" in upload(client, newer).content.decode()
    client.post("/procedures/import/confirm/")
    assert official_descriptors(world.practice_a, ["D2740"]) == {"D2740": "Crown - newer text"}
    assert ProcedureDescriptor.objects.count() == 2
    assert AuditEvent.objects.filter(object_type="procedure descriptors").count() == 2


def test_tc_sees_the_names_but_cannot_import(world: World) -> None:
    client = signed_in(world.tess)
    assert client.get("/procedures/").status_code == 200
    assert upload(client, GOOD).status_code == 403
    assert client.post("/procedures/import/confirm/").status_code == 403


def test_descriptors_stay_in_their_practice(world: World) -> None:
    descriptors_import(
        acting_user=world.mona,
        practice=world.practice_a,
        parsed=parse_descriptor_file(GOOD.decode()),
        source="CDT 2026",
    )
    page = signed_in(world.olga).get("/procedures/").content.decode()
    assert "Crown - porcelain" not in page
    assert official_descriptors(world.practice_b, ["D2740"]) == {}


def test_a_preview_of_another_practice_is_not_imported_here(world: World) -> None:
    client = signed_in(world.mona)
    upload(client, GOOD)
    session = client.session
    session["casepath_descriptor_import"]["practice"] = world.practice_b.pk
    session.save()
    client.post("/procedures/import/confirm/")
    assert not ProcedureDescriptor.objects.exists()


def test_a_file_that_is_not_utf8_is_refused(world: World) -> None:
    page = upload(signed_in(world.mona), "code,descriptor\nD2740,Café\n".encode("utf-16"))
    assert "Save the file as CSV in UTF-8" in page.content.decode()
