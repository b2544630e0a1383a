"""A manager sets how long presented cases and patient links stay open."""

from __future__ import annotations

import pytest

from casepath.audit.models import AuditEvent
from casepath.cases.models import CaseSettings
from tests.conftest import World, signed_in

pytestmark = pytest.mark.django_db


def test_a_manager_changes_the_expiry_and_it_is_audited(world: World) -> None:
    client = signed_in(world.mona)
    assert "30" in client.get("/cases/rules/").content.decode()
    response = client.post("/cases/rules/", {"expiry_days": "45", "link_days": "7"})
    assert response.status_code == 302
    rules = CaseSettings.objects.get(practice=world.practice_a)
    assert (rules.expiry_days, rules.link_days) == (45, 7)
    row = AuditEvent.objects.get(object_type="casesettings")
    assert row.changes["expiry_days"] == {"before": 30, "after": 45}


def test_out_of_range_days_name_the_field_and_save_nothing(world: World) -> None:
    response = signed_in(world.mona).post("/cases/rules/", {"expiry_days": "0", "link_days": "7"})
    assert response.status_code == 200
    assert response.context["form"].errors["expiry_days"]
    assert not CaseSettings.objects.filter(expiry_days=0).exists()


def test_a_tc_may_not_change_the_rules(world: World) -> None:
    assert signed_in(world.tess).post("/cases/rules/", {"expiry_days": "9"}).status_code == 403
