from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "casepath.procedures"
    verbose_name = "Procedure names"
