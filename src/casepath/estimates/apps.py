from django.apps import AppConfig


class EstimatesConfig(AppConfig):
    name = "casepath.estimates"
    verbose_name = "Estimates"

    def ready(self) -> None:
        from casepath.estimates import receivers
        from casepath.insurance.signals import benefits_changed, fees_changed

        fees_changed.connect(receivers.fees_changed, dispatch_uid="estimates.fees_changed")
        benefits_changed.connect(
            receivers.benefits_changed, dispatch_uid="estimates.benefits_changed"
        )
