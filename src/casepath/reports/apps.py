from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "casepath.reports"
    label = "reports"
    verbose_name = "Reports"
