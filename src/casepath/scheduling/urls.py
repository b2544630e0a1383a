"""Every URL of the schedule (under /schedule/)."""

from casepath.scheduling.views import calendar, plan, settings

app_name = "scheduling"
urlpatterns = [*calendar.urlpatterns, *settings.urlpatterns, *plan.urlpatterns]
