from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "casepath.accounts"
    verbose_name = "Sign-in and accounts"
