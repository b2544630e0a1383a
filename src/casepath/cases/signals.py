"""What other areas may react to in a case, sent inside the service's transaction.

`case_moved(sender=Case, case, from_status, to_status, actor)`: every status change,
whoever made it (staff, the patient on their link, the daily expiry). Receivers must
be idempotent: follow-ups open and cancel tasks from it.

`plan_changed(sender=Case, case)`: procedures' decisions or the recommended option were
changed in bulk (`QuerySet.update`, which sends no model signal); reports sums the
case's figures again from it.
"""

from django.dispatch import Signal

case_moved = Signal()
plan_changed = Signal()
