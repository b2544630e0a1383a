"""Every staff URL of new patients (under /new-patients/)."""

from casepath.intake.views import arrivals, board, call, intake_page, settings, visit_day

app_name = "intake"
urlpatterns = [
    *board.urlpatterns,
    *call.urlpatterns,
    *arrivals.urlpatterns,
    *settings.urlpatterns,
    *intake_page.urlpatterns,
    *visit_day.urlpatterns,
]
