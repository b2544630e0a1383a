from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "casepath.scheduling"
    verbose_name = "Scheduling"
