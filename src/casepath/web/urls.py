from django.urls import path

from casepath.web import views

app_name = "web"
urlpatterns = [
    path("", views.today, name="today"),
    path("cases/", views.cases, name="cases"),
    path("follow-ups/", views.followups, name="followups"),
    path("reports/", views.reports, name="reports"),
]
