"""Every URL of the follow-ups area."""

from casepath.followups import cadence_views, views

app_name = "followups"
urlpatterns = [*views.urlpatterns, *cadence_views.urlpatterns]
