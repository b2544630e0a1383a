"""URLs of the Insurance tab, mounted under patients/ (the tab itself is the patient page's)."""

from django.urls import path

from casepath.insurance import coverage_views as views

app_name = "coverage"
COVERAGE = "<int:patient_id>/insurance/coverages/<int:coverage_id>"
urlpatterns = [
    path("insurance-to-verify/", views.to_verify, name="to_verify"),
    path("<int:patient_id>/insurance/coverages/new/", views.coverage_new, name="new"),
    path("<int:patient_id>/insurance/import/", views.import_fhir, name="import"),
    path(f"{COVERAGE}/edit/", views.coverage_edit, name="edit"),
    path(f"{COVERAGE}/verify/", views.check_new, name="verify"),
    path(f"{COVERAGE}/benefits/", views.benefits, name="benefits"),
    path(f"{COVERAGE}/benefits/add/", views.benefit_add, name="benefit_add"),
    path(f"{COVERAGE}/benefits/adjust/", views.adjustments, name="adjustments"),
    path(f"{COVERAGE}/benefits/<int:use_id>/remove/", views.benefit_remove, name="benefit_remove"),
]
