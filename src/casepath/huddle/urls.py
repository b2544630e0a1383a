"""Every URL of the huddle."""

from casepath.huddle import views

app_name = "huddle"
urlpatterns = [*views.urlpatterns]
