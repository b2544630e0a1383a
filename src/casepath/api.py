"""The JSON API root at /api/v1/: one router per app, one error envelope.

Every error answers `{"errors": [{"path": ..., "message": ...}]}`: 401 without
credentials, 403 when the role does not allow it, 404 for anything outside the
caller's practices, 422 for bad input (each path names the field).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import Swagger

from casepath.apikit import TokenAuth, VerifiedSessionAuth
from casepath.apr_api import router as apr_router
from casepath.cases.api import router as cases_router
from casepath.core.errors import CasepathError
from casepath.estimates.api import router as estimates_router
from casepath.patients.api import router as patients_router
from casepath.tenancy.api import router as tenancy_router

api = NinjaAPI(
    title="Casepath API",
    version="1",
    description="The treatment coordinator's workbench. Errors share one envelope: "
    '`{"errors": [{"path", "message"}]}`.',
    urls_namespace="api",
    docs_url=None,
    openapi_url="/openapi.json",
    auth=[TokenAuth(), VerifiedSessionAuth()],
)


def errors(request: HttpRequest, status: int, items: list[tuple[str, str]]) -> HttpResponse:
    body = {"errors": [{"path": path, "message": message} for path, message in items]}
    return api.create_response(request, body, status=status)


def _location(loc: Any) -> str:
    parts = [str(p) for p in loc if p not in ("body", "payload")] if loc else []
    return ".".join(parts)


@api.exception_handler(NinjaValidationError)
def _invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    items = [(_location(e.get("loc")), str(e.get("msg", "is not valid"))) for e in exc.errors]
    return errors(request, 422, items)


@api.exception_handler(DjangoValidationError)
def _invalid_model(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        items = [(f, m) for f, ms in exc.message_dict.items() for m in ms]
    else:
        items = [("", m) for m in exc.messages]
    return errors(request, 422, items)


@api.exception_handler(CasepathError)
def _invalid_core(request: HttpRequest, exc: CasepathError) -> HttpResponse:
    return errors(request, 422, [(e.path, e.message) for e in exc.errors])


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return errors(request, 404, [("", "Not found.")])


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return errors(request, 403, [("", str(exc) or "Your role does not allow this.")])


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return errors(request, 401, [("", "Sign in, or send a personal API token.")])


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return errors(request, exc.status_code, [("", str(exc))])


def docs(request: HttpRequest) -> HttpResponse:
    """Interactive API documentation (Swagger UI served by the app, no CDN)."""
    return Swagger().render_page(request, api)


api.add_router("/", tenancy_router)
api.add_router("/", patients_router)
api.add_router("/", estimates_router)
api.add_router("/", apr_router)
api.add_router("/", cases_router)
api.add_router("/", "casepath.financing.api.router")
api.add_router("/", "casepath.predeterminations.api.router")
api.add_router("/", "casepath.intake.api.router")
api.add_router("/", "casepath.payments.api.router")
api.add_router("/", "casepath.reports.api.router")
