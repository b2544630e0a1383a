from django.urls import path

from casepath.procedures import views

app_name = "procedures"
urlpatterns = [
    path("", views.descriptor_list, name="list"),
    path("import/", views.descriptor_import, name="import"),
    path("import/confirm/", views.descriptor_import_confirm, name="import_confirm"),
]
