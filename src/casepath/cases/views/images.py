"""A case's images: the upload form of the plan section, reading one image, removing one.

Images are PHI. They are never under a public URL: each is read through this view,
for staff of its practice only, with every read audited, and the browser is told not
to keep a copy.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET, require_POST

from casepath.audit.models import Action
from casepath.audit.services import audit_request
from casepath.cases import image_services, plan_forms, plan_selectors
from casepath.cases.files import private_file
from casepath.cases.plan_forms import ImageForm
from casepath.cases.selectors import case_plan
from casepath.cases.views.plan import case_of, done, render_section
from casepath.core.errors import CasepathError
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission


@require_POST
@practice_view(Permission.EDIT_CASES)
def image_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_of(request, case_id)
    options = case_plan(case)
    procedures = {p.pk: p for o in options for p in plan_selectors.procedures_in_order(o)}
    form = ImageForm(
        request.POST,
        request.FILES,
        key=plan_forms.NEW_IMAGE,
        procedures=plan_selectors.procedure_choices(options),
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            image_services.image_add(
                acting_user=request.user,
                case=case,
                upload=data["file"],
                kind=data["kind"],
                caption=data["caption"],
                procedure=procedures.get(data["procedure"] or 0),
            )
        except (CasepathError, ValidationError) as error:
            plan_forms.add_errors(form, error)
        else:
            return done(request, case)
    return render_section(request, case, failed=(form.key, form))


@require_GET
@practice_view(Permission.VIEW_CASES)
def image_file(request: HttpRequest, case_id: int, image_id: int) -> FileResponse:
    case = case_of(request, case_id)
    image = plan_selectors.image_of(case, image_id)
    audit_request(
        request,
        action=Action.VIEW,
        target=image,
        patient=case.patient,
        summary=f"Viewed the image “{image.caption}” of the case “{case.title}”",
    )
    return private_file(image.file, content_type=image.content_type)


@require_POST
@practice_view(Permission.EDIT_CASES)
def image_remove(request: HttpRequest, case_id: int, image_id: int) -> HttpResponse:
    case = case_of(request, case_id)
    image = plan_selectors.image_of(case, image_id)
    image_services.image_remove(acting_user=request.user, image=image)
    return done(request, case)


urlpatterns = [
    path("<int:case_id>/images/", image_add, name="image_add"),
    path("<int:case_id>/images/<int:image_id>/", image_file, name="image"),
    path("<int:case_id>/images/<int:image_id>/remove/", image_remove, name="image_remove"),
]
