from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "casepath.messaging"
    label = "messaging"
    verbose_name = "Messages"
