"""Every URL of the financing area; each views module lists its own."""

from casepath.financing.views import (
    agreement,
    applications,
    lenders,
    membership_plans,
    memberships,
    options,
    payments_due,
    plans,
    policy,
)

app_name = "financing"
urlpatterns = [
    *policy.urlpatterns,
    *lenders.urlpatterns,
    *membership_plans.urlpatterns,
    *plans.urlpatterns,
    *payments_due.urlpatterns,
    *applications.urlpatterns,
    *memberships.urlpatterns,
    *options.urlpatterns,
    *agreement.urlpatterns,
]
