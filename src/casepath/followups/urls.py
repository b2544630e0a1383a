"""Every URL of the follow-ups area."""

from casepath.followups import views

app_name = "followups"
urlpatterns = [*views.urlpatterns]
