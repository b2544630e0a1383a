"""What other parts may react to in follow-ups, sent inside the service's transaction.

`task_closed(sender=Task, task, acting_user)`: a task was closed by `task_close` (done,
skipped or cancelled by someone); cadences open their next step from it. Tasks
cancelled in bulk by `tasks_cancel` are not sent: their event made them unnecessary.
"""

from django.dispatch import Signal

task_closed = Signal()
