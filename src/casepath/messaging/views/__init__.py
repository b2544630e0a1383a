"""The messages screens: templates (settings), sending from a task, a patient's messages,
and the public endpoints (unsubscribe link, the text provider's webhooks)."""
