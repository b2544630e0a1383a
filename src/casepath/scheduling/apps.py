from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "casepath.scheduling"
    verbose_name = "Scheduling"

    def ready(self) -> None:
        from casepath.scheduling import receivers  # noqa: F401  (connects the signals)
