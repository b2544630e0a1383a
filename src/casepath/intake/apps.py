from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "casepath.intake"
    label = "intake"
    verbose_name = "New patients"

    def ready(self) -> None:
        from casepath.intake import receivers  # noqa: F401  (connects the signals)
