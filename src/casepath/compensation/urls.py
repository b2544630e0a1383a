"""Every URL of compensation (under /compensation/)."""

from casepath.compensation.views import payroll, plans, statements

app_name = "compensation"
urlpatterns = [*statements.urlpatterns, *plans.urlpatterns, *payroll.urlpatterns]
