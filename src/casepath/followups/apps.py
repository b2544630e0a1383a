from django.apps import AppConfig


class FollowupsConfig(AppConfig):
    name = "casepath.followups"
    label = "followups"
    verbose_name = "Follow-ups"
