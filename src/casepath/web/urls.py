from django.urls import path

from casepath.web import views

app_name = "web"
urlpatterns = [
    path("", views.today, name="today"),
    path("follow-ups/", views.followups, name="followups"),
    path("reports/", views.reports, name="reports"),
]
