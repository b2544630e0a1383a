"""Every URL pattern of the app, with its path parameters, found by walking the resolver."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Route:
    template: str
    name: str

    @property
    def params(self) -> list[str]:
        return [m["name"] for m in _PARAM.finditer(self.template)]

    def fill(self, values: dict[str, object]) -> str:
        return "/" + _PARAM.sub(lambda m: str(values[m["name"]]), self.template)


def all_routes() -> Iterator[Route]:
    yield from _walk(get_resolver().url_patterns, "")


def _walk(patterns: list[object], prefix: str) -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield Route(prefix + str(entry.pattern), entry.name or "")
