"""The automatic monthly reports: on the 1st (in each practice's own time zone), the
report for the month before, made once per practice and month.

Run daily (the `reports.tasks.make_due_monthly_reports` task re-queues itself for
06:00 UTC each day; `casepath monthly-reports` does the same from cron). A run missed
is caught up within the first week of the month: what counts is that no automatic
report exists yet for the month before. Later in the month nothing is made, so a
practice set up mid-month is not sent a report for a month it never used.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Final

from casepath.reports.models import MonthlyReport
from casepath.reports.monthly import local_today, month_before, monthly_report_make
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped

CATCH_UP_DAYS: Final = 7


def monthly_reports_due(now: datetime, *, today: date | None = None) -> list[MonthlyReport]:
    """Make every automatic report that is due at `now` (or, given `today`, as if each
    practice's day were `today`: the command line's --today); the reports made."""
    made = []
    for practice in Practice.objects.order_by("pk"):
        day = today or local_today(practice, now)
        if day.day > CATCH_UP_DAYS:
            continue
        month = month_before(day)
        done = scoped(MonthlyReport, practice).filter(month=month, made_by__isnull=True)
        if not done.exists():
            made.append(
                monthly_report_make(
                    practice=practice, month=month, made_by=None, now=now, today=day
                )
            )
    return made
