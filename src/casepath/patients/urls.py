from django.urls import path

from casepath.patients import views

app_name = "patients"
urlpatterns = [
    path("", views.patient_list, name="list"),
    path("new/", views.patient_create, name="create"),
    path("<int:patient_id>/", views.patient_detail, name="detail"),
    path("<int:patient_id>/edit/", views.patient_edit, name="edit"),
    path("<int:patient_id>/family/", views.family_add, name="family_add"),
    path(
        "<int:patient_id>/family/<int:link_id>/remove/",
        views.family_remove,
        name="family_remove",
    ),
    path("<int:patient_id>/<slug:tab>/", views.patient_detail, name="tab"),
]
