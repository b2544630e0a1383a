"""The patient's side (under /n/): the link that confirms the first visit."""

from casepath.intake.views import confirm

app_name = "intake_public"
urlpatterns = [*confirm.urlpatterns]
