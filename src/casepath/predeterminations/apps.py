from django.apps import AppConfig


class PredeterminationsConfig(AppConfig):
    name = "casepath.predeterminations"
    label = "predeterminations"
    verbose_name = "Pre-determinations"
