"""Settings → Procedure names: the official descriptors a practice imported."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from casepath.interop.cdt_descriptors import parse_descriptor_file
from casepath.procedures import selectors, services
from casepath.procedures.forms import DescriptorFileForm
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission

PENDING_KEY = "casepath_descriptor_import"


@practice_view(Permission.VIEW_PATIENTS)
def descriptor_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.descriptors_of(request.practice)  # type: ignore[attr-defined]
    return render(request, "procedures/list.html", {"descriptors": rows})


@practice_view(Permission.MANAGE_PRACTICE)
def descriptor_import(request: HttpRequest) -> HttpResponse:
    """Upload a file and see what it would change; nothing is written yet."""
    form = DescriptorFileForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"form": form}
    if request.method == "POST" and form.is_valid():
        parsed = parse_descriptor_file(form.cleaned_data["file"])
        practice = request.practice  # type: ignore[attr-defined]
        context |= {"parsed": parsed, "counts": services.descriptors_preview(practice, parsed)}
        if not parsed.errors:
            request.session[PENDING_KEY] = {
                "text": form.cleaned_data["file"],
                "source": form.cleaned_data["source"],
                "practice": practice.pk,
            }
    return render(request, "procedures/import.html", context)


@practice_view(Permission.MANAGE_PRACTICE)
@require_POST
def descriptor_import_confirm(request: HttpRequest) -> HttpResponse:
    pending = request.session.pop(PENDING_KEY, None)
    practice = request.practice  # type: ignore[attr-defined]
    if not pending or pending["practice"] != practice.pk:
        messages.error(request, "Upload the file again: the preview has expired.")
        return redirect("procedures:import")
    counts = services.descriptors_import(
        acting_user=request.user,
        practice=practice,
        parsed=parse_descriptor_file(pending["text"]),
        source=pending["source"],
    )
    messages.success(
        request,
        f"Imported: {counts.added} added, {counts.changed} changed, {counts.unchanged} same.",
    )
    return redirect("procedures:list")
