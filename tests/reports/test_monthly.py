"""The monthly team-meeting report on the hand-computed month of
test_monthly_dataset.py: the PDF read back as text (pypdf) and as an image
(pypdfium2), kept with its SHA-256 and definitions, e-mailed to each manager through
the local SMTP server, audited."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, datetime
from typing import Any

import pypdfium2
import pytest
from django.test import override_settings
from pypdf import PdfReader

from casepath.audit.models import Action, AuditEvent
from casepath.core.metrics import DEFINITION_TEXT, AcceptedMeans
from casepath.reports.models import MetricSettings, MonthlyReport
from casepath.reports.monthly import monthly_report_make
from tests.conftest import World
from tests.reports.test_monthly_dataset import OCTOBER, Month, build_month
from tests.smtp import Inbox, local_smtp

MADE_AT = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)
ACCENT = (0x1D, 0x5F, 0xA8)


@pytest.fixture
def month(world: World) -> Month:
    return build_month(world)


@pytest.fixture
def inbox() -> Any:
    with local_smtp() as inbox:
        yield inbox


def make(month: Month, **kwargs: Any) -> MonthlyReport:
    values = {
        "practice": month.world.practice_a,
        "month": OCTOBER,
        "made_by": month.world.mona,
        "now": MADE_AT,
    } | kwargs
    return monthly_report_make(**values)


def pdf_bytes(report: MonthlyReport) -> bytes:
    with report.file.open("rb") as handle:
        return handle.read()


def pdf_text(content: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def test_the_pdf_reads_as_text_with_every_part(month: Month, inbox: Inbox) -> None:
    text = pdf_text(pdf_bytes(make(month)))
    for heading in (
        "Team meeting report: October 2026",
        "Summary",
        "The last 12 months",
        "By treatment coordinator",
        "Declines by reason",
        "Procedure categories",
        "Collections",
    ):
        assert heading in text
    assert "Tess Tester" in text and "Tina Tester" in text
    assert DEFINITION_TEXT[AcceptedMeans.SAID_YES] in text
    # 3 of 4 presented cases said yes; September's 1 of 1 was 100.0 %.
    assert "Case acceptance 75.0 % 3 of 4 cases presented 100.0 % \N{MINUS SIGN}25.0 points" in text
    # 2450 of 5600 = 43.75, half-up to 43.8.
    assert "Dollar acceptance 43.8 % $2,450.00 of $5,600.00 presented" in text
    # Each case's acceptance %: O2 said yes to 1000 of its 1500 = 66.67 → 66.7; O4 250 of 2000.
    assert "Baker, Cy Crown lower left Oct 8 Accepted $1,500.00 $1,000.00 66.7 %" in text
    assert "Diaz, Ed Cleaning and implant Oct 21 Accepted $2,000.00 $250.00 12.5 %" in text
    assert "Collected $500.00 $500.00 of $2,450.00 said yes to" in text
    assert "The cost is too high 1 of 1 declined" in text
    assert "page 1 of" in text


def test_the_pdf_renders_as_an_image_with_the_chart(month: Month, inbox: Inbox) -> None:
    document = pypdfium2.PdfDocument(pdf_bytes(make(month)))
    image = document[0].render(scale=1).to_pil().convert("RGB")
    assert image.size == (612, 792)  # US Letter at 72 dpi
    colours = image.getcolors(maxcolors=1 << 24) or []
    total = image.size[0] * image.size[1]
    accent = sum(
        n for n, rgb in colours if max(abs(a - b) for a, b in zip(rgb, ACCENT, strict=True)) <= 12
    )
    white = sum(n for n, rgb in colours if rgb == (255, 255, 255))
    assert 0.003 < accent / total < 0.10  # the TC chart's bars, not the whole page
    assert white / total < 0.97  # text and tables drawn: not a blank page


def test_the_report_is_kept_with_its_hash_and_definitions_each_time(
    month: Month, inbox: Inbox
) -> None:
    MetricSettings.objects.create(
        practice=month.world.practice_a, accepted_means="scheduled", presenter_rule="last"
    )
    first, again = make(month), make(month)
    assert first.pk != again.pk and MonthlyReport.objects.count() == 2
    for report in (first, again):
        assert report.sha256 == hashlib.sha256(pdf_bytes(report)).hexdigest()
        assert (report.accepted_means, report.presenter_rule) == ("scheduled", "last")
        assert report.month == OCTOBER and report.made_by == month.world.mona
    assert DEFINITION_TEXT[AcceptedMeans.SCHEDULED] in pdf_text(pdf_bytes(first))


def test_each_manager_receives_the_pdf(month: Month, inbox: Inbox) -> None:
    report = make(month)
    content = pdf_bytes(report)
    received = {tuple(to): message for to, message in inbox.deliveries}
    assert set(received) == {("mona@example.com",), ("otto@example.com",)}
    for message in received.values():
        assert message["Subject"] == "Riverside Dental: team meeting report for October 2026"
        (attachment,) = list(message.iter_attachments())
        assert attachment.get_content_type() == "application/pdf"
        assert attachment.get_content() == content
    assert report.emailed_to == "mona@example.com, otto@example.com"


def test_the_making_and_the_sending_are_audited(month: Month, inbox: Inbox) -> None:
    report = make(month)
    rows = AuditEvent.objects.filter(object_type="monthlyreport", object_id=str(report.pk))
    assert [(r.action, r.actor) for r in rows.order_by("pk")] == [
        (Action.CREATE, month.world.mona),
        (Action.EXPORT, month.world.mona),
    ]


def test_a_mail_server_that_fails_keeps_the_report_unsent(month: Month) -> None:
    with override_settings(  # nothing listens on port 1: the connection is refused
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=1,
        EMAIL_TIMEOUT=2,
    ):
        report = make(month)
    assert report.emailed_to == "" and MonthlyReport.objects.count() == 1


def test_a_month_with_no_case_still_makes_a_report(world: World, inbox: Inbox) -> None:
    report = monthly_report_make(
        practice=world.practice_b, month=OCTOBER, made_by=None, now=MADE_AT
    )
    text = pdf_text(pdf_bytes(report))
    assert "No case was presented this month." in text
    assert report.emailed_to == ""  # Hillcrest has no manager
