from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "casepath.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from casepath.reports import receivers  # noqa: F401  (connects the receivers)
