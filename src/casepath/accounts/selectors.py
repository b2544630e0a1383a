"""Reads of a user's own account data."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from casepath.accounts.models import ApiToken


def api_tokens_of(user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def api_token_of(user: Any, token_id: int) -> ApiToken:
    """One of the user's own tokens; 404 for anyone else's."""
    return get_object_or_404(ApiToken, pk=token_id, user=user)
