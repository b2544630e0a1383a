"""Settings → acceptance figures: a manager chooses the practice's definitions."""

from __future__ import annotations

from django.urls import reverse

from casepath.audit.models import Action, AuditEvent
from casepath.core.metrics import AcceptedMeans, Definitions, PresenterRule
from casepath.reports.models import MetricSettings
from casepath.reports.selectors import metric_settings
from tests.conftest import World, signed_in


def test_the_page_explains_each_choice(world: World) -> None:
    html = signed_in(world.mona).get(reverse("reports:definitions")).content.decode()
    assert "only once its treatment is on the schedule" in html
    assert "said yes on the day it was presented" in html
    assert 'id="accepted-said_yes" value="said_yes" aria-describedby' in html
    assert 'value="said_yes" aria-describedby="accepted-said_yes-text" checked' in html
    assert 'value="first" checked' in html


def test_saving_changes_the_practice_default_and_is_audited(world: World) -> None:
    client = signed_in(world.mona)
    url = reverse("reports:definitions")
    response = client.post(url, {"accepted_means": "scheduled", "presenter_rule": "last"})
    assert (response.status_code, response["Location"]) == (302, url)
    wanted = Definitions(AcceptedMeans.SCHEDULED, PresenterRule.LAST)
    assert metric_settings(world.practice_a) == wanted
    client.post(url, {"accepted_means": "completed", "presenter_rule": "last"})
    assert MetricSettings.objects.filter(practice=world.practice_a).count() == 1
    created, changed = AuditEvent.objects.filter(object_type="metricsettings").order_by("pk")
    assert created.action == Action.CREATE
    assert changed.action == Action.UPDATE
    assert changed.changes == {"accepted_means": {"before": "scheduled", "after": "completed"}}
    assert metric_settings(world.practice_b) == Definitions()


def test_a_bad_choice_is_shown_and_nothing_is_saved(world: World) -> None:
    response = signed_in(world.mona).post(
        reverse("reports:definitions"), {"accepted_means": "maybe", "presenter_rule": "last"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please correct the fields marked below." in html and "Select a valid choice" in html
    assert not MetricSettings.objects.exists()
    assert not AuditEvent.objects.filter(object_type="metricsettings").exists()


def test_only_managers_choose(world: World) -> None:
    url = reverse("reports:definitions")
    for user in (world.tess, world.doc, world.fran):
        assert signed_in(user).get(url).status_code == 403
        assert signed_in(user).post(url, {"accepted_means": "completed"}).status_code == 403
    assert not MetricSettings.objects.exists()
