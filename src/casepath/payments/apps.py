from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "casepath.payments"
    label = "payments"
    verbose_name = "Payments"
