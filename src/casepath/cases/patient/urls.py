"""The patient's own pages, opened from a secure link: no staff account, no practice."""

from casepath.cases.patient import views

app_name = "patient"
urlpatterns = views.urlpatterns
