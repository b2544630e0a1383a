"""`casepath manage refresh_case_figures`: sum every case's figures again (a repair after
data was loaded by hand, bypassing the services)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from casepath.reports.case_figures import case_figures_rebuild
from casepath.tenancy.models import Practice


class Command(BaseCommand):
    help = "Sum every case's planned and accepted dollars again (reports.CaseFigures)."

    def handle(self, *args: Any, **options: Any) -> None:
        practices = list(Practice.objects.order_by("pk"))
        written = case_figures_rebuild(practices)
        self.stdout.write(f"{written} case figure rows written for {len(practices)} practice(s)")
