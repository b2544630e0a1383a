from django.apps import AppConfig


class FinancingConfig(AppConfig):
    name = "casepath.financing"
    label = "financing"
    verbose_name = "Financing"
