"""Merge fields in a message: "Hi {{ patient.first_name }}," filled in for each patient.

Messages are plain text (a text message; an e-mail's text part) or an e-mail's HTML, so
the language is deliberately small: a merge field is a dotted name in double braces and
nothing else (no tags, no filters). A template naming a field that is not known is
refused when saved, naming it; rendering fills each field from a flat mapping of
dotted names to text, escaped by the caller's `escape` (HTML) or left as is (text).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Final

from casepath.core.errors import CasepathError

MAX_LENGTH: Final = 20_000
_FIELD: Final = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_NAME: Final = re.compile(r"[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*")
_BRACES: Final = ("{{", "}}", "{%", "%}")


@dataclass(frozen=True)
class Field:
    """A merge field in a template, by its dotted name (`patient.first_name`)."""

    name: str


Part = str | Field


def parse(template: str, path: str = "body") -> tuple[Part, ...]:
    """The template as text and fields, in order; a stray brace or a bad name is refused."""
    if len(template) > MAX_LENGTH:
        raise CasepathError.at(path, f"Keep it under {MAX_LENGTH:,} characters.")
    parts: list[Part] = []
    at = 0
    for found in _FIELD.finditer(template):
        _text(template[at : found.start()], parts, path)
        parts.append(_field(found.group(1), path))
        at = found.end()
    _text(template[at:], parts, path)
    return tuple(parts)


def unknown_fields(template: str, known: Collection[str], path: str = "body") -> list[str]:
    """The names of fields in `template` that are not in `known`, once each, in order."""
    names = [p.name for p in parse(template, path) if isinstance(p, Field)]
    return list(dict.fromkeys(n for n in names if n not in known))


def check(template: str, known: Collection[str], path: str = "body") -> None:
    """Refuse a template that names a field not in `known`, naming the first one."""
    unknown = unknown_fields(template, known, path)
    if unknown:
        raise CasepathError.at(path, f"“{{{{ {unknown[0]} }}}}” is not a merge field here.")


def render(
    template: str,
    values: Mapping[str, str],
    path: str = "body",
    escape: Callable[[str], str] = str,
) -> str:
    """The template with every field replaced by `escape(values[name])`."""
    check(template, values.keys(), path)
    return "".join(
        escape(values[part.name]) if isinstance(part, Field) else part
        for part in parse(template, path)
    )


def _text(text: str, parts: list[Part], path: str) -> None:
    if any(brace in text for brace in _BRACES):
        raise CasepathError.at(path, f"Close every merge field with }}}}: “{_near_brace(text)}”.")
    if text:
        parts.append(text)


def _field(inside: str, path: str) -> Field:
    name = inside.strip()
    if not _NAME.fullmatch(name):
        shown = " ".join(name.split())[:60]
        raise CasepathError.at(
            path, f"“{{{{ {shown} }}}}” is not a merge field: use a name from the list alone."
        )
    return Field(name)


def _near_brace(text: str) -> str:
    """The words around the first stray brace, for the message."""
    at = min(i for i in (text.find(b) for b in _BRACES) if i >= 0)
    return text[max(at - 20, 0) : at + 30].strip()
