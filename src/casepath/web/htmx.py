"""One URL answers both the full page and its htmx fragment."""

from __future__ import annotations

from django.http import HttpRequest


def is_partial(request: HttpRequest) -> bool:
    """True for an htmx request that swaps a fragment.

    Not for a boosted page, nor for the Back button when the page is not in htmx's
    history cache: htmx then fetches the URL and replaces the whole body with it.
    """
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request
