"""Every URL of the pre-determinations area; each views module lists its own."""

from casepath.predeterminations.views import case_tab, documents, queue, response, rules

app_name = "predeterminations"
urlpatterns = [
    *case_tab.urlpatterns,
    *response.urlpatterns,
    *documents.urlpatterns,
    *queue.urlpatterns,
    *rules.urlpatterns,
]
