"""The monthly team-meeting report: one practice's acceptance figures for a month, as a
PDF kept with its SHA-256 and e-mailed to the practice's managers.

The PDF holds a summary (headline figures, each with what it is counted out of, the
definition in force in words, and the month before), charts (acceptance by TC, the
last 12 months), a table per TC with each of their cases' acceptance %, declines by
reason, procedure categories and collections. Figures are those of
`selectors.acceptance_report` under the practice's chosen definitions, with payments
counted up to the day the report is made (in the practice's time zone).

Each making is a new `MonthlyReport` row (nothing overwritten). The PDF names
patients: making it and sending it are audited.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from email.utils import formataddr, parseaddr
from typing import Any, Final

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from casepath.audit.models import Action, Channel
from casepath.audit.services import audit_record
from casepath.cases.pdf import data_url, pdf_file, render_pdf
from casepath.core.cases import LABELS
from casepath.core.metrics import (
    ACCEPTED_LABELS,
    DEFINITION_TEXT,
    PRESENTER_LABELS,
    CaseLine,
    Cut,
    Definitions,
    Figure,
    Group,
    Measures,
    Report,
    Unit,
    figures,
)
from casepath.reports import charts
from casepath.reports.models import MonthlyReport
from casepath.reports.selectors import acceptance_report, metric_settings
from casepath.reports.wording import MINUS, detail_text, money_text, value_text
from casepath.scheduling.selectors import practice_zone
from casepath.tenancy.models import Membership, Practice
from casepath.tenancy.roles import Role
from casepath.tenancy.scoping import scoped

log = logging.getLogger(__name__)

PDF_TEMPLATE: Final = "reports/monthly/pdf.html"
TREND_MONTHS: Final = 12
MANAGER_ROLES: Final = (Role.PRACTICE_MANAGER, Role.ORGANIZATION_ADMIN)
HEADLINE: Final = (
    "presented_cases",
    "presented_usd",
    "accepted_cases",
    "accepted_usd",
    "case_acceptance",
    "dollar_acceptance",
    "same_day_acceptance",
    "days_to_acceptance",
    "collected_usd",
    "followup_conversion",
    "declined",
    "predeterminations_returned",
    "financing_approved",
)
TC_FIGURES: Final = (
    "presented_cases",
    "presented_usd",
    "accepted_usd",
    "case_acceptance",
    "dollar_acceptance",
    "same_day_acceptance",
    "collected_usd",
)


# Months


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_before(month: date) -> date:
    """The first day of the month before the one `month` is in."""
    first = month_start(month)
    return date(first.year - 1, 12, 1) if first.month == 1 else first.replace(month=first.month - 1)


def months_back(month: date, count: int) -> date:
    first = month_start(month)
    for _ in range(count):
        first = month_before(first)
    return first


def month_end(month: date) -> date:
    following = (
        date(month.year + 1, 1, 1)
        if month.month == 12
        else month.replace(month=month.month + 1, day=1)
    )
    return date.fromordinal(following.toordinal() - 1)


def local_today(practice: Practice, now: datetime) -> date:
    return timezone.localtime(now, practice_zone(practice)).date()


# How figures read in the PDF: "60.0 %", "$1,100.00", "6 of 10 cases presented"


def change_text(now: Figure, before: Figure) -> str:
    """How a figure moved since the month before: "+5.0 points", "-$200.00" (with a
    minus sign), "same"."""
    if now.value is None or before.value is None:
        return "—"
    step = Decimal(now.value) - Decimal(before.value)
    if not step:
        return "same"
    sign = "+" if step > 0 else MINUS
    if now.unit is Unit.USD:
        return f"{sign}${abs(step):,.2f}"
    if now.unit is Unit.PERCENT:
        return f"{sign}{abs(step)} points"
    if now.unit is Unit.DAYS:
        return f"{sign}{abs(step)} days"
    return f"{sign}{abs(step)}"


def percent_text(value: Decimal | None) -> str:
    return "—" if value is None else f"{value} %"


# The report's content


@dataclass(frozen=True)
class Line:
    """One figure in a table: its name, value, what it is out of, and the month before."""

    label: str
    value: str
    detail: str
    before: str = ""
    change: str = ""


@dataclass(frozen=True)
class CaseRow:
    patient: str
    title: str
    presented_on: date
    status: str
    presented: str
    accepted: str
    acceptance: str


@dataclass(frozen=True)
class TcSection:
    name: str
    lines: list[Line]
    cases: list[CaseRow]


def _by_key(items: tuple[Figure, ...]) -> dict[str, Figure]:
    return {f.key: f for f in items}


def _headline(report: Report, before: Measures) -> list[Line]:
    now, then = _by_key(report.figures()), _by_key(figures(before, report.definitions))
    return [
        Line(
            now[k].label,
            value_text(now[k]),
            detail_text(now[k]),
            value_text(then[k]),
            change_text(now[k], then[k]),
        )
        for k in HEADLINE
    ]


def _lines(group: Group, d: Definitions, keys: tuple[str, ...]) -> list[Line]:
    shown = _by_key(group.figures(d))
    return [Line(shown[k].label, value_text(shown[k]), detail_text(shown[k])) for k in keys]


def _case_row(line: CaseLine) -> CaseRow:
    status = LABELS.get(line.status, line.status)  # type: ignore[call-overload]
    return CaseRow(
        line.patient,
        line.title,
        line.presented_on,
        status,
        money_text(line.presented_usd),
        money_text(line.accepted_usd),
        percent_text(line.acceptance),
    )


def _tc_sections(report: Report) -> list[TcSection]:
    sections = []
    for group in report.breakdowns.get(Cut.TC, ()):
        mine = [c for c in report.cases if c.tc == group.label]
        rows = [_case_row(c) for c in sorted(mine, key=lambda c: (c.presented_on, c.patient))]
        sections.append(TcSection(group.label, _lines(group, report.definitions, TC_FIGURES), rows))
    return sections


def _declines(report: Report) -> list[Line]:
    total = report.total.declined_cases
    rows = [g for g in report.breakdowns.get(Cut.DECLINE_REASON, ()) if g.measures.declined_cases]
    rows.sort(key=lambda g: (-g.measures.declined_cases, g.label))
    return [Line(g.label, str(g.measures.declined_cases), f"of {total} declined") for g in rows]


def _categories(report: Report) -> list[dict[str, str]]:
    out = []
    for group in report.breakdowns.get(Cut.CATEGORY, ()):
        shown = _by_key(group.figures(report.definitions))
        out.append(
            {
                "label": group.label,
                "procedures": value_text(shown["presented_procedures"]),
                "presented": value_text(shown["presented_usd"]),
                "accepted": value_text(shown["accepted_usd"]),
                "rate": value_text(shown["dollar_acceptance"]),
                "detail": detail_text(shown["dollar_acceptance"]),
            }
        )
    return out


def _collections(report: Report) -> list[Line]:
    shown = _by_key(report.figures())
    return [
        Line("Said yes to", value_text(shown["accepted_usd"]), ""),
        Line(shown["scheduled_usd"].label, value_text(shown["scheduled_usd"]), ""),
        Line(shown["completed_usd"].label, value_text(shown["completed_usd"]), ""),
        Line(
            "Collected",
            money_text(shown["collected_usd"].numerator or 0),
            detail_text(shown["collected_usd"]),
        ),
    ]


def _tc_chart(report: Report) -> str:
    groups = report.breakdowns.get(Cut.TC, ())
    if not groups:
        return ""
    shown = [_by_key(g.figures(report.definitions)) for g in groups]
    return charts.bars(
        "Acceptance by treatment coordinator",
        [g.label for g in groups],
        [f["case_acceptance"].value for f in shown],
        second=[f["dollar_acceptance"].value for f in shown],
        legend=("Case acceptance", "Dollar acceptance"),
    )


def _trend_chart(trend: Report, month: date) -> str:
    months = [months_back(month, n) for n in range(TREND_MONTHS - 1, -1, -1)]
    by_month = {g.key: _by_key(g.figures(trend.definitions)) for g in trend.breakdowns[Cut.MONTH]}
    series: dict[str, list[Decimal | int | None]] = {"Case acceptance": [], "Dollar acceptance": []}
    for first in months:
        shown = by_month.get(f"{first:%Y-%m}")
        series["Case acceptance"].append(shown["case_acceptance"].value if shown else None)
        series["Dollar acceptance"].append(shown["dollar_acceptance"].value if shown else None)
    labels = [f"{first:%b}" if first.month != 1 else f"{first:%b %Y}" for first in months]
    return charts.trend("Case and dollar acceptance by month", labels, series)


def _svg_src(svg: str) -> str:
    return data_url(svg.encode(), "image/svg+xml") if svg else ""


def monthly_context(practice: Practice, month: date, today: date) -> dict[str, Any]:
    """Everything the PDF shows for `month`, figures counted as of `today`."""
    month = month_start(month)
    d = metric_settings(practice)
    report = acceptance_report([practice], month, month_end(month), d, as_of=today, with_cases=True)
    trend = acceptance_report(
        [practice], months_back(month, TREND_MONTHS - 1), month_end(month), d, as_of=today
    )
    key_before = f"{month_before(month):%Y-%m}"
    before = next((g.measures for g in trend.breakdowns[Cut.MONTH] if g.key == key_before), None)
    return {
        "title": f"{practice.name}: team meeting report for {month:%B %Y}",
        "practice": practice,
        "language": "en",
        "month": month,
        "month_before": month_before(month),
        "today": today,
        "accepted_label": ACCEPTED_LABELS[d.accepted_means],
        "definition": DEFINITION_TEXT[d.accepted_means],
        "presenter": PRESENTER_LABELS[d.presenter_rule],
        "headline": _headline(report, before or Measures()),
        "tc_chart": _svg_src(_tc_chart(report)),
        "trend_chart": _svg_src(_trend_chart(trend, month)),
        "tcs": _tc_sections(report),
        "declines": _declines(report),
        "categories": _categories(report),
        "collections": _collections(report),
    }


def monthly_pdf(practice: Practice, month: date, today: date) -> bytes:
    return render_pdf(PDF_TEMPLATE, monthly_context(practice, month, today))


# Making, keeping and sending


def monthly_report_make(
    *,
    practice: Practice,
    month: date,
    made_by: Any,
    now: datetime,
    today: date | None = None,
) -> MonthlyReport:
    """Make the report for `month` (any day of it), keep it, and e-mail it to the
    practice's managers. `made_by` is None when made automatically on the 1st; `today`
    (payments counted up to it) is `now`'s day in the practice's zone unless given. The
    report is kept even when the mail server fails; `emailed_to` then stays empty."""
    month = month_start(month)
    today = today or local_today(practice, now)
    content = monthly_pdf(practice, month, today)
    report = _keep(practice, month, made_by, content, today)
    sent_to = _email(report, content)
    if sent_to:
        _mark_sent(report, sent_to, made_by)
    return report


def _channel(made_by: Any) -> Channel:
    return Channel.WEB if made_by is not None else Channel.CLI


@transaction.atomic
def _keep(
    practice: Practice, month: date, made_by: Any, content: bytes, today: date
) -> MonthlyReport:
    d = metric_settings(practice)
    file, sha256 = pdf_file(content, f"monthly-{month:%Y-%m}-made-{today:%Y%m%d}.pdf")
    report = MonthlyReport(
        practice=practice,
        month=month,
        sha256=sha256,
        made_by=made_by,
        accepted_means=d.accepted_means.value,
        presenter_rule=d.presenter_rule.value,
    )
    report.file.save(file.name, file, save=False)
    report.save()
    how = "" if made_by is not None else " automatically"
    audit_record(
        practice=practice,
        actor=made_by,
        action=Action.CREATE,
        target=report,
        channel=_channel(made_by),
        summary=f"Made the monthly report for {month:%B %Y}{how} (names patients)",
        changes={
            "sha256": {"before": None, "after": sha256},
            "accepted_means": {"before": None, "after": report.accepted_means},
            "presenter_rule": {"before": None, "after": report.presenter_rule},
        },
    )
    return report


def managers_to_email(practice: Practice) -> list[str]:
    """The e-mail addresses of the practice's active managers and organization admins."""
    memberships = (
        Membership.objects.filter(
            practice=practice, is_active=True, role__in=MANAGER_ROLES, user__is_active=True
        )
        .exclude(user__email="")
        .values_list("user__email", flat=True)
        .order_by("user__email")
    )
    return list(dict.fromkeys(memberships))


def report_file_name(report: MonthlyReport) -> str:
    return f"team-report-{report.practice.short_code}-{report.month:%Y-%m}-{report.pk}.pdf".lower()


def _email(report: MonthlyReport, content: bytes) -> list[str]:
    """One e-mail per manager (no one sees the others' addresses); those it reached."""
    practice = report.practice
    sender = formataddr((practice.name, parseaddr(settings.DEFAULT_FROM_EMAIL)[1]))
    subject = f"{practice.name}: team meeting report for {report.month:%B %Y}"
    body = (
        f"The acceptance report of {practice.name} for {report.month:%B %Y} is attached "
        "(a PDF naming patients: keep it within the practice).\n"
    )
    reached = []
    for address in managers_to_email(practice):
        message = EmailMessage(subject=subject, body=body, from_email=sender, to=[address])
        message.attach(report_file_name(report), content, "application/pdf")
        try:
            message.send(fail_silently=False)
        except (smtplib.SMTPException, OSError):
            log.exception("The monthly report %s could not be sent to %s", report.pk, address)
            continue
        reached.append(address)
    return reached


@transaction.atomic
def _mark_sent(report: MonthlyReport, sent_to: list[str], made_by: Any) -> None:
    report.emailed_to = ", ".join(sent_to)
    report.save(update_fields=["emailed_to", "updated_at"])
    audit_record(
        practice=report.practice,
        actor=made_by,
        action=Action.EXPORT,
        target=report,
        channel=_channel(made_by),
        summary=f"E-mailed the monthly report for {report.month:%B %Y} to {report.emailed_to}",
    )


# Reads for the page


def monthly_reports(practice: Practice) -> list[MonthlyReport]:
    """The reports made, newest month first, the newest making first within a month."""
    return list(scoped(MonthlyReport, practice).select_related("made_by"))
