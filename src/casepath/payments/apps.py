from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "casepath.payments"
    label = "payments"
    verbose_name = "Payments"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from casepath.financing.models import PlanPayment
        from casepath.payments import receivers

        post_save.connect(
            receivers.plan_payment_saved,
            sender=PlanPayment,
            dispatch_uid="payments.plan_payment_saved",
        )
