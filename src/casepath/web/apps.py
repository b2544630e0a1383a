from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "casepath.web"
    verbose_name = "Web layout"
