"""Round-robin assignment: a task opened for nobody goes to the next person in turn.

Turns follow the people of the pool by user id, starting after the one who got the
last task and wrapping round; whoever left the staff, was deactivated or no longer
works follow-ups is skipped. The settings row remembers the last one, and is locked
while a task is handed out, so two tasks opened at once go to two people.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Case, QuerySet, Value, When

from casepath.audit.models import Action
from casepath.audit.services import audit_record, diff
from casepath.core.errors import CasepathError
from casepath.followups.settings_models import FollowupSettings
from casepath.tenancy.models import Membership, Practice
from casepath.tenancy.roles import MATRIX, Permission
from casepath.tenancy.scoping import scoped


def followup_settings(practice: Practice) -> FollowupSettings:
    """The practice's settings (made, round robin off, the first time)."""
    found = scoped(FollowupSettings, practice).first()
    if found is None:
        found = FollowupSettings(practice=practice)
        found.save()
    found.practice = practice  # saving reads it: no query for what is at hand
    return found


def who_can_take_turns(practice: Practice) -> QuerySet[Any]:
    """Active staff of the practice whose role works follow-ups, in name order."""
    members = Membership.objects.filter(
        practice=practice,
        is_active=True,
        user__is_active=True,
        role__in=MATRIX[Permission.WORK_FOLLOW_UPS],
    )
    users = get_user_model()._default_manager
    return users.filter(pk__in=members.values("user_id")).order_by(
        "first_name", "last_name", "username"
    )


def next_in_turn(practice: Practice) -> Any:
    """Who gets a task opened for nobody: None when the round robin is off or nobody of
    the pool can take it. Call it inside the transaction that saves the task."""
    turns = scoped(FollowupSettings, practice).select_for_update().filter(round_robin=True)
    found = turns.first()
    if found is None:
        return None
    after = found.last_assigned_id or 0
    pool = found.pool.filter(pk__in=who_can_take_turns(practice).values("pk"))
    chosen = pool.order_by(Case(When(pk__gt=after, then=Value(0)), default=Value(1)), "pk").first()
    if chosen is not None:
        found.practice, found.last_assigned = practice, chosen
        found.save(update_fields=["last_assigned", "updated_at"])
    return chosen


@transaction.atomic
def round_robin_set(
    *, acting_user: Any, practice: Practice, on: bool, pool: Iterable[Any]
) -> FollowupSettings:
    """Turn the round robin on or off and choose who takes turns; audited."""
    chosen = {user.pk: user for user in pool}
    _check(practice, on, chosen)
    saved = followup_settings(practice)
    before = {"round_robin": saved.round_robin, "pool": _names(saved.pool.all())}
    after = {"round_robin": on, "pool": _names(chosen.values())}
    changes = diff(before, after)
    if not changes:
        return saved
    saved.round_robin = on
    saved.save(update_fields=["round_robin", "updated_at"])
    saved.pool.set(list(chosen.values()))
    audit_record(
        practice=practice,
        actor=acting_user,
        action=Action.UPDATE,
        target=saved,
        summary=f"Round robin {'on' if on else 'off'} for follow-up tasks",
        changes=changes,
    )
    return saved


def _check(practice: Practice, on: bool, chosen: dict[int, Any]) -> None:
    allowed = set(who_can_take_turns(practice).filter(pk__in=chosen).values_list("pk", flat=True))
    stranger = next((user for pk, user in chosen.items() if pk not in allowed), None)
    if stranger is not None:
        raise CasepathError.at(
            "pool", f"{_name(stranger)} does not work follow-ups at this practice."
        )
    if on and not chosen:
        raise CasepathError.at("pool", "Choose who takes turns: at least one person.")


def _names(users: Iterable[Any]) -> list[str]:
    return sorted(_name(user) for user in users)


def _name(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())
