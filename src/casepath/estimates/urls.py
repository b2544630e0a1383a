"""URLs of estimates: a patient's under patients/<id>/estimates/, the re-estimate runs under
estimates/. Mounted at the site root."""

from django.urls import path

from casepath.estimates import views

app_name = "estimates"
PATIENT = "patients/<int:patient_id>/estimates"
ESTIMATE = f"{PATIENT}/<int:estimate_id>"
urlpatterns = [
    path(f"{PATIENT}/", views.estimate_list, name="list"),
    path(f"{PATIENT}/new/", views.estimate_new, name="new"),
    path(f"{ESTIMATE}/", views.estimate_detail, name="detail"),
    path(f"{ESTIMATE}/recompute/", views.estimate_recompute, name="recompute"),
    path(f"{ESTIMATE}/close/", views.estimate_close, name="close"),
    path("estimates/row/", views.estimate_row, name="row"),
    path("estimates/procedure-name/", views.procedure_name, name="procedure_name"),
    path("estimates/runs/", views.run_list, name="runs"),
    path("estimates/runs/<int:run_id>/", views.run_detail, name="run"),
]
