"""Every URL of Casepath. No Django admin: it would bypass practice scoping."""

from django.urls import include, path

from casepath import api

urlpatterns = [
    path("", include("casepath.web.urls")),
    path("accounts/", include("casepath.accounts.urls")),
    path("practice/", include("casepath.tenancy.urls")),
    path("patients/", include("casepath.patients.urls")),
    path("audit/", include("casepath.audit.urls")),
    path("api/v1/", api.api.urls),
    path("api/docs", api.docs, name="api-docs"),
]
