"""What other areas may react to in the schedule, sent inside the service's transaction.

`appointment_status_changed(sender=Appointment, appointment, before, after, acting_user)`:
every status change of an appointment (scheduling.services.appointment_set_status).
Receivers must be idempotent: the case of a plan follows its visits from it
(scheduling/receivers.py).
"""

from django.dispatch import Signal

appointment_status_changed = Signal()
