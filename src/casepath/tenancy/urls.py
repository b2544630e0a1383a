from django.urls import path

from casepath.tenancy import views

app_name = "tenancy"
urlpatterns = [
    path("switch/", views.switch, name="switch"),
    path("", views.practice, name="practice"),
    path("staff/", views.staff, name="staff"),
]
