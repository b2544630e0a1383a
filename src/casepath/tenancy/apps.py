from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "casepath.tenancy"
    verbose_name = "Organizations and practices"
