"""Every URL of compensation (filled in by the views)."""

app_name = "compensation"
urlpatterns: list[object] = []
