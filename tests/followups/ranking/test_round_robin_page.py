"""The round-robin page: managers turn it on and choose who takes turns; bad choices
are refused beside the field and nothing is saved."""

from __future__ import annotations

import html
import re
from typing import Any

from django.urls import reverse

from casepath.audit.models import AuditEvent
from casepath.followups.assignment import followup_settings
from casepath.followups.settings_models import FollowupSettings
from tests.conftest import World, signed_in

URL = reverse("followups:round_robin")


def text(response: Any) -> str:
    assert response.status_code == 200
    return str(html.unescape(response.content.decode()))


def test_a_manager_turns_it_on_for_the_people_who_work_follow_ups(world: World) -> None:
    client = signed_in(world.mona)
    page = text(client.get(URL))
    assert "<h1>Round-robin assignment</h1>" in page
    for name in ("Tess Tester", "Fran Tester", "Mona Tester"):
        assert f">{name}</label>" in page
    assert "Doc Tester" not in page and "Olga" not in page, "providers and outsiders"
    sent = {"round_robin": "on", "pool": [world.tess.pk, world.fran.pk]}
    response = client.post(URL, sent)
    assert response.status_code == 302 and response.url == URL
    saved = followup_settings(world.practice_a)
    assert saved.round_robin and set(saved.pool.all()) == {world.tess, world.fran}
    event = AuditEvent.objects.get(object_type="followupsettings")
    assert event.actor == world.mona and event.summary == "Round robin on for follow-up tasks"
    assert event.changes["pool"] == {"before": [], "after": ["Fran Tester", "Tess Tester"]}
    again = text(client.get(URL))
    assert 'id="id_round_robin" checked>' in again
    ticked = re.findall(r'name="pool" value="(\d+)" id="id_pool_\d+" checked>', again)
    assert sorted(map(int, ticked)) == sorted([world.tess.pk, world.fran.pk])


def test_on_without_anyone_is_refused_beside_the_pool(world: World) -> None:
    page = text(signed_in(world.mona).post(URL, {"round_robin": "on"}))
    assert 'id="id_pool_error" role="alert">Choose who takes turns: at least one person.' in page
    assert not FollowupSettings.objects.filter(round_robin=True).exists()
    assert not AuditEvent.objects.filter(object_type="followupsettings").exists()


def test_someone_of_another_practice_is_refused(world: World) -> None:
    sent = {"round_robin": "on", "pool": [world.tess.pk, world.olga.pk]}
    page = text(signed_in(world.mona).post(URL, sent))
    assert "Choose people of this practice who work follow-ups." in page
    assert not FollowupSettings.objects.filter(round_robin=True).exists()


def test_saving_nothing_new_writes_no_audit_row(world: World) -> None:
    client = signed_in(world.mona)
    client.post(URL, {"pool": [world.tess.pk]})
    client.post(URL, {"pool": [world.tess.pk]})
    assert AuditEvent.objects.filter(object_type="followupsettings").count() == 1


def test_only_managers_and_the_worklist_links_it_for_them(world: World) -> None:
    assert signed_in(world.tess).get(URL).status_code == 403
    assert signed_in(world.tess).post(URL, {"round_robin": "on"}).status_code == 403
    worklist = reverse("followups:worklist")
    assert f'<a href="{URL}">Round-robin assignment</a>' in text(
        signed_in(world.mona).get(worklist)
    )
    assert URL not in text(signed_in(world.tess).get(worklist))


def test_each_practice_sees_its_own(world: World) -> None:
    signed_in(world.mona).post(URL, {"round_robin": "on", "pool": [world.tess.pk]})
    assert not followup_settings(world.practice_b).round_robin
