"""Every URL of the cases area; each views module lists its own."""

from casepath.cases.views import (
    board,
    case_page,
    case_settings,
    consent_templates,
    consult,
    documents,
    images,
    plan,
    present,
)

app_name = "cases"
urlpatterns = [
    *board.urlpatterns,
    *case_page.urlpatterns,
    *plan.urlpatterns,
    *images.urlpatterns,
    *present.urlpatterns,
    *consult.urlpatterns,
    *documents.urlpatterns,
    *consent_templates.urlpatterns,
    *case_settings.urlpatterns,
]
