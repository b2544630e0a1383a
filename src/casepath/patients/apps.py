from django.apps import AppConfig


class PatientsConfig(AppConfig):
    name = "casepath.patients"
    verbose_name = "Patients"
