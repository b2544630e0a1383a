"""Every URL of payments (under /payments/)."""

from casepath.payments.views import collections, entry, imports

app_name = "payments"
urlpatterns = [*collections.urlpatterns, *entry.urlpatterns, *imports.urlpatterns]
