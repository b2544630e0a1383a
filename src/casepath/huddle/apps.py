from django.apps import AppConfig


class HuddleConfig(AppConfig):
    name = "casepath.huddle"
    label = "huddle"
    verbose_name = "Today's huddle"
