"""Each step of a pre-determination appears on the case's timeline and in the audit trail."""

from __future__ import annotations

from casepath.audit.models import AuditEvent
from casepath.cases.models import CaseEvent
from casepath.predeterminations import response_services, services
from tests.conftest import World
from tests.predeterminations.builders import NOW, RECEIVED, received

STEPS = [
    ("Pre-determination drafted for Keystone Dental: D6010 19, D6058 19", "draft"),
    ("Pre-determination sent to Keystone Dental (mail) on 2026-03-13", "sent"),
    ("Pre-determination answered by Keystone Dental on 2026-04-02: $1,700.00 approved", "received"),
    ("Pre-determination answer discussed with the patient on 2026-04-02", "received"),
    ("Pre-determination voided: The patient moved away", "voided"),
]


def test_every_step_on_the_timeline_and_in_the_audit_trail(world: World) -> None:
    asked = received(world)
    pd = asked.pd
    response_services.predetermination_discussed(
        acting_user=world.tess, predetermination=pd, on=RECEIVED, today=RECEIVED
    )
    services.predetermination_close(
        acting_user=world.tess,
        predetermination=pd,
        to="voided",
        reason="The patient moved away",
        now=NOW,
        as_of=RECEIVED,
    )
    events = CaseEvent.objects.filter(case=pd.case, kind="predetermination").order_by("pk")
    assert [(e.summary, e.data["status"]) for e in events] == STEPS
    assert {e.data["predetermination"] for e in events} == {pd.pk}
    assert {e.actor for e in events} == {world.tess}
    audited = AuditEvent.objects.filter(practice=world.practice_a, patient=world.patient_a)
    summaries = list(audited.order_by("pk").values_list("summary", flat=True))
    steps = [summary for summary, _ in STEPS]
    assert [s for s in summaries if s in steps] == steps
    assert audited.filter(summary__startswith="Task opened: Call").count() == 1
    assert (
        audited.filter(summary__startswith="Task cancelled (pre-determination voided)").count() == 1
    )
