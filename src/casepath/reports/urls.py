"""Every URL of reports (filled in by the views)."""

app_name = "reports"
urlpatterns: list[object] = []
