"""Every URL of payments (filled in by the views)."""

app_name = "payments"
urlpatterns: list[object] = []
