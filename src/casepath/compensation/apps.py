from django.apps import AppConfig


class CompensationConfig(AppConfig):
    name = "casepath.compensation"
    label = "compensation"
    verbose_name = "Compensation"
