from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "casepath.cases"
    label = "cases"
    verbose_name = "Cases"
