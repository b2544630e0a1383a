from django.apps import AppConfig


class InsuranceConfig(AppConfig):
    name = "casepath.insurance"
    verbose_name = "Insurance and fees"
