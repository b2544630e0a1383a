from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "casepath.audit"
    verbose_name = "Audit trail"
