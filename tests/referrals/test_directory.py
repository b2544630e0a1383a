"""The referral directory: add and change providers (the NPI's check digit, a repeated
NPI, errors beside their field), search, out of use, each provider's page with its
referrals both ways and their counts, and who may do what."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from casepath.audit.models import Action, AuditEvent
from casepath.core.errors import CasepathError
from casepath.referrals import services
from casepath.referrals.models import ReferringProvider
from casepath.referrals.selectors import directory_search
from casepath.tenancy.scoping import scoped
from tests.conftest import World, signed_in
from tests.referrals.builders import (
    NOW,
    build_inbound,
    build_outbound,
    build_referring_provider,
    npi_with_check_digit,
)

VALID_NPI = "1234567893"  # the example NPI of the CMS standard
NEW = {
    "name": "Dr. Sara Okafor",
    "practice_name": "Okafor Periodontics",
    "specialty": "Periodontics",
    "npi": "123 456 7893",
    "phone": "(614) 555-0190",
    "fax": "",
    "email": "front@okafor-perio.example",
    "address": "4 High Street",
    "notes": "",
}


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def errors(response: Any, field: str) -> list[str]:
    return list(response.context["form"].errors.get(field, []))


# The NPI's check digit -----------------------------------------------------------------


@pytest.mark.parametrize("npi", ["1234567893", "1245319599", "1003000126"])
def test_real_npis_pass_the_check(world: World, npi: str) -> None:
    provider = services.provider_create(
        practice=world.practice_a, acting_user=world.tess, data=NEW | {"npi": npi}
    )
    assert provider.npi == npi


@pytest.mark.parametrize(
    "npi", ["1234567890", "1234567894", "123456789", "12345678931", "12345678a3"]
)
def test_a_wrong_npi_is_refused_at_npi(world: World, npi: str) -> None:
    with pytest.raises(CasepathError) as refused:
        services.provider_create(
            practice=world.practice_a, acting_user=world.tess, data=NEW | {"npi": npi}
        )
    assert [e.path for e in refused.value.errors] == ["npi"]
    assert "check digit" in refused.value.errors[0].message
    assert not scoped(ReferringProvider, world.practice_a).exists()


def test_the_builder_makes_valid_npis(world: World) -> None:
    assert npi_with_check_digit("123456789") == VALID_NPI
    first = build_referring_provider(world.practice_a)
    second = build_referring_provider(world.practice_a, name="Dr. Two")
    assert first.npi != second.npi
    services.provider_update(provider=first, acting_user=world.tess, data={"phone": "1"})


def test_an_npi_is_kept_once_per_practice(world: World) -> None:
    build_referring_provider(world.practice_a, name="Dr. Alan Reyes", npi=VALID_NPI)
    with pytest.raises(CasepathError) as refused:
        services.provider_create(practice=world.practice_a, acting_user=world.tess, data=NEW)
    assert refused.value.errors[0].path == "npi"
    assert "Dr. Alan Reyes" in refused.value.errors[0].message
    # Another practice's directory is its own.
    other = services.provider_create(practice=world.practice_b, acting_user=world.olga, data=NEW)
    assert other.npi == VALID_NPI


def test_no_npi_is_fine_many_times(world: World) -> None:
    for name in ("Dr. One", "Dr. Two"):
        services.provider_create(
            practice=world.practice_a, acting_user=world.tess, data=NEW | {"name": name, "npi": ""}
        )
    assert scoped(ReferringProvider, world.practice_a).filter(npi="").count() == 2


# Adding and changing on the screen -----------------------------------------------------


def test_add_a_provider(world: World) -> None:
    response = signed_in(world.tess).post(reverse("referrals:provider_new"), NEW)
    provider = scoped(ReferringProvider, world.practice_a).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:provider", args=[provider.pk])
    assert (provider.name, provider.specialty, provider.npi) == (
        "Dr. Sara Okafor",
        "Periodontics",
        VALID_NPI,
    )
    audit = AuditEvent.objects.get(action=Action.CREATE, object_type="referringprovider")
    assert audit.actor == world.tess
    assert audit.changes["npi"] == {"before": None, "after": VALID_NPI}


def test_a_wrong_npi_re_renders_with_the_error_beside_it(world: World) -> None:
    response = signed_in(world.tess).post(
        reverse("referrals:provider_new"), NEW | {"npi": "1234567890"}
    )
    assert response.status_code == 200
    assert "check digit" in errors(response, "npi")[0]
    assert errors(response, "name") == []
    assert 'value="Dr. Sara Okafor"' in response.content.decode()
    assert not scoped(ReferringProvider, world.practice_a).exists()


def test_missing_name_and_bad_email_are_named(world: World) -> None:
    response = signed_in(world.fran).post(
        reverse("referrals:provider_new"), NEW | {"name": "", "email": "not-an-address"}
    )
    assert response.status_code == 200
    assert errors(response, "name") == ["Give the provider's name, e.g. Dr. Alan Reyes."]
    assert errors(response, "email") == ["Give an e-mail address like office@example.com."]


def test_change_a_provider(world: World) -> None:
    provider = build_referring_provider(world.practice_a)
    client = signed_in(world.tess)
    page = client.get(reverse("referrals:provider_edit", args=[provider.pk]))
    assert page.status_code == 200
    assert f'value="{provider.npi}"' in page.content.decode()
    data = {name: getattr(provider, name) for name in NEW} | {"phone": "(614) 555-0999"}
    response = client.post(reverse("referrals:provider_edit", args=[provider.pk]), data)
    assert response.status_code == 302
    provider.refresh_from_db()
    assert provider.phone == "(614) 555-0999"
    audit = AuditEvent.objects.get(action=Action.UPDATE, object_id=str(provider.pk))
    assert audit.changes == {"phone": {"before": "(614) 555-0170", "after": "(614) 555-0999"}}


def test_changing_to_another_providers_npi_is_refused(world: World) -> None:
    first = build_referring_provider(world.practice_a, name="Dr. First")
    second = build_referring_provider(world.practice_a, name="Dr. Second")
    data = {name: getattr(second, name) for name in NEW} | {"npi": first.npi}
    response = signed_in(world.tess).post(
        reverse("referrals:provider_edit", args=[second.pk]), data
    )
    assert response.status_code == 200
    assert errors(response, "npi") == ["Another provider in the directory has this NPI: Dr. First."]
    second.refresh_from_db()
    assert second.npi != first.npi


# Search and out of use --------------------------------------------------------------


@pytest.fixture
def directory(world: World) -> dict[str, ReferringProvider]:
    a = world.practice_a
    return {
        "reyes": build_referring_provider(a, npi=VALID_NPI),
        "chen": build_referring_provider(
            a, name="Dr. Mia Chen", practice_name="Chen Family Dentistry", specialty="General"
        ),
        "old": build_referring_provider(
            a,
            name="Dr. Old Timer",
            practice_name="Retired",
            specialty="Endodontics",
            is_active=False,
        ),
    }


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("reyes", ["Dr. Alan Reyes"]),
        ("family", ["Dr. Mia Chen"]),
        ("oral surgery", ["Dr. Alan Reyes"]),
        ("1234567893", ["Dr. Alan Reyes"]),
        ("567893", ["Dr. Alan Reyes"]),
        ("dr", ["Dr. Alan Reyes", "Dr. Mia Chen"]),
        ("endodontics", []),
        ("nobody", []),
    ],
)
def test_search(world: World, directory: Any, text: str, found: list[str]) -> None:
    assert [p.name for p in directory_search(world.practice_a, text)] == found


def test_search_page_with_providers_out_of_use(world: World, directory: Any) -> None:
    client = signed_in(world.doc)
    page = client.get(reverse("referrals:directory"), {"q": "dr"}).content.decode()
    assert "Dr. Alan Reyes" in page and "Dr. Mia Chen" in page
    assert "Dr. Old Timer" not in page
    page = client.get(reverse("referrals:directory"), {"q": "dr", "inactive": "on"})
    assert "Dr. Old Timer" in page.content.decode()
    assert "Out of use" in page.content.decode()


def test_take_out_of_use_and_back(world: World, directory: Any) -> None:
    reyes = directory["reyes"]
    client = signed_in(world.tess)
    response = client.post(reverse("referrals:provider_active", args=[reyes.pk]))
    assert response.status_code == 302
    reyes.refresh_from_db()
    assert reyes.is_active is False
    form = client.get(reverse("referrals:new_inbound"), {"patient": world.patient_a.pk})
    assert "Dr. Alan Reyes · " not in form.content.decode()  # not among the choices
    assert "Dr. Mia Chen · " in form.content.decode()
    with pytest.raises(CasepathError) as refused:
        build_inbound(world, provider=reyes)
    assert refused.value.errors[0].path == "other_provider"
    assert "out of use" in refused.value.errors[0].message
    client.post(reverse("referrals:provider_active", args=[reyes.pk]), {"active": "1"})
    reyes.refresh_from_db()
    assert reyes.is_active is True
    summaries = list(
        AuditEvent.objects.filter(object_id=str(reyes.pk), action=Action.UPDATE)
        .order_by("pk")
        .values_list("summary", flat=True)
    )
    assert summaries == [f"Out of use: {reyes}", f"Back in use: {reyes}"]


# A provider's page ------------------------------------------------------------------


def test_provider_page_lists_referrals_both_ways_with_counts(
    world: World, django_assert_max_num_queries: Any
) -> None:
    reyes = build_referring_provider(world.practice_a)
    ben = world.patient_a
    build_inbound(world, provider=reyes, reason="Sent us for an implant consult")
    for n in range(3):
        build_outbound(world, provider=reyes, reason=f"Extraction number {n}")
    other = build_referring_provider(world.practice_a, name="Dr. Elsewhere")
    build_outbound(world, provider=other, reason="Not Reyes's")
    client = signed_in(world.fran)
    url = reverse("referrals:provider", args=[reyes.pk])
    client.get(url)  # warm the session and the practice
    with django_assert_max_num_queries(12):
        response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["figures"].referred_in == 1
    assert response.context["figures"].referred_out == 3
    assert 'id="count-in">1<' in page and 'id="count-out">3<' in page
    assert "Sent us for an implant consult" in page
    assert all(f"Extraction number {n}" in page for n in range(3))
    assert "Not Reyes" not in page
    assert ben.display_name in page
    assert AuditEvent.objects.filter(action=Action.VIEW, object_id=str(reyes.pk)).exists()


def test_the_directory_counts_each_way(world: World) -> None:
    reyes = build_referring_provider(world.practice_a)
    build_inbound(world, provider=reyes)
    build_outbound(world, provider=reyes)
    build_outbound(world, provider=reyes)
    row = directory_search(world.practice_a, "reyes")[0]
    assert (row.referred_in, row.referred_out) == (1, 2)


# Who may ----------------------------------------------------------------------------


def test_the_provider_role_sees_but_does_not_change(world: World) -> None:
    reyes = build_referring_provider(world.practice_a)
    client = signed_in(world.doc)
    assert client.get(reverse("referrals:directory")).status_code == 200
    assert client.get(reverse("referrals:provider", args=[reyes.pk])).status_code == 200
    assert client.get(reverse("referrals:provider_new")).status_code == 403
    assert client.post(reverse("referrals:provider_new"), NEW).status_code == 403
    assert client.post(reverse("referrals:provider_active", args=[reyes.pk])).status_code == 403
    reyes.refresh_from_db()
    assert reyes.is_active is True
    assert not scoped(ReferringProvider, world.practice_a).filter(name=NEW["name"]).exists()


def test_the_outsider_finds_nothing(world: World) -> None:
    reyes = build_referring_provider(world.practice_a)
    client = signed_in(world.olga)
    for name in ("referrals:provider", "referrals:provider_edit", "referrals:provider_active"):
        assert client.get(reverse(name, args=[reyes.pk])).status_code in (404, 405)
        assert client.post(reverse(name, args=[reyes.pk])).status_code == 404
    page = client.get(reverse("referrals:directory"), {"q": "reyes"}).content.decode()
    assert "Dr. Alan Reyes" not in page
    reyes.refresh_from_db()
    assert reyes.is_active is True
