"""Every URL of referrals (under /referrals/)."""

from casepath.referrals.views import directory, figures, letters, referrals

app_name = "referrals"
urlpatterns = [
    *directory.urlpatterns,
    *figures.urlpatterns,
    *letters.urlpatterns,
    *referrals.urlpatterns,
]
