"""Every URL of reports (under /reports/)."""

from casepath.reports.views import dashboard, definitions, monthly

app_name = "reports"
urlpatterns = [
    *dashboard.urlpatterns,
    *definitions.urlpatterns,
    *monthly.urlpatterns,
]
