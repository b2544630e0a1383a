"""Every URL of Casepath. No Django admin: it would bypass practice scoping."""

from django.urls import include, path

from casepath import api

urlpatterns = [
    path("", include("casepath.web.urls")),
    path("accounts/", include("casepath.accounts.urls")),
    path("practice/", include("casepath.tenancy.urls")),
    path("", include("casepath.estimates.urls")),  # before patients/<id>/<tab>/
    path("patients/", include("casepath.patients.urls")),
    path("patients/", include("casepath.insurance.coverage_urls")),
    path("insurance/", include("casepath.insurance.urls")),
    path("audit/", include("casepath.audit.urls")),
    path("procedures/", include("casepath.procedures.urls")),
    path("cases/", include("casepath.cases.urls")),
    path("financing/", include("casepath.financing.urls")),
    path("predeterminations/", include("casepath.predeterminations.urls")),
    path("follow-ups/", include("casepath.followups.urls")),
    path("huddle/", include("casepath.huddle.urls")),
    path("new-patients/", include("casepath.intake.urls")),
    path("schedule/", include("casepath.scheduling.urls")),
    path("referrals/", include("casepath.referrals.urls")),
    path("reports/", include("casepath.reports.urls")),
    path("payments/", include("casepath.payments.urls")),
    path("compensation/", include("casepath.compensation.urls")),
    path("n/", include("casepath.intake.public_urls")),
    path("p/", include("casepath.cases.patient.urls")),
    path("", include("casepath.messaging.urls")),  # messages/ (staff) and m/ (public)
    path("api/v1/", api.api.urls),
    path("api/docs", api.docs, name="api-docs"),
]
