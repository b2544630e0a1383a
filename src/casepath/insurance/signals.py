"""What other areas may want to know about fees and plans, without insurance knowing them.

Sent inside the service's transaction, after the change is saved; receivers that
start background work queue it with `transaction.on_commit`.
"""

from django.dispatch import Signal

# sender=FeeSchedule; kwargs: schedule, acting_user
fees_changed = Signal()
# sender=InsurancePlan; kwargs: plan, acting_user
benefits_changed = Signal()
