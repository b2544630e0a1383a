from django.apps import AppConfig


class FollowupsConfig(AppConfig):
    name = "casepath.followups"
    label = "followups"
    verbose_name = "Follow-ups"

    def ready(self) -> None:
        from casepath.followups import receivers

        receivers.connect()
