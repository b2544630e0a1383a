from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "casepath.referrals"
    label = "referrals"
    verbose_name = "Referrals"
