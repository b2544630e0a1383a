"""Merge fields: a letter template such as "Dear {{ patient.first_name }}," filled in.

Letters are written by staff and rendered with Django's template engine, sandboxed:

- its own engine, with no loaders and a short list of tags and filters (no load,
  include, debug, url or safe), and autoescaping on;
- the text typed around the merge fields is escaped too, so a letter is plain text and
  can never put markup into the PDF (WeasyPrint would fetch an <img src>);
- every variable must be one of FIELDS (an unknown one is refused when the template is
  saved, naming it), and the values passed in are plain dicts, lists and strings, never
  model instances, so a template cannot reach anything the letter was not given.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

from django.template import Context, Engine, Library, Template, TemplateSyntaxError
from django.template.base import FilterExpression, Node, NodeList, TextNode, Variable
from django.template.defaulttags import ForNode, TemplateLiteral, WithNode
from django.template.smartif import TokenBase
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe

from casepath.core.errors import CasepathError

MAX_LENGTH: Final = 10_000


@dataclass(frozen=True)
class ListOf:
    """A merge field that holds a list of `item` (for {% for %})."""

    item: Schema


Schema = Mapping[str, "Schema"] | ListOf | None  # None: a piece of text

OPTION: Final[Schema] = {
    "name": None,
    "recommended": None,
    "fee": None,
    "insurance": None,
    "patient_portion": None,
    "visits": None,
    "time": None,
}
FIELDS: Final[dict[str, Schema]] = {
    "patient": {"first_name": None, "last_name": None, "full_name": None},
    "practice": {"name": None, "phone": None, "address": None},
    "case": {"title": None},
    "provider": {"name": None},
    "coordinator": {"name": None},
    "today": None,
    "consult": {"when": None, "room": None},
    "options": ListOf(OPTION),
    "referrer": {"name": None, "specialty": None},
}
FORLOOP: Final[Schema] = {k: None for k in ("counter", "counter0", "first", "last")}

# What the template editor lists beside the text.
FIELD_HELP: Final[dict[str, str]] = {
    "patient.first_name": "The patient's first name (or the name they go by)",
    "patient.full_name": "First and last name",
    "patient.last_name": "Last name",
    "practice.name": "The practice's name",
    "practice.phone": "The practice's phone number",
    "practice.address": "The practice's address",
    "case.title": "The case, e.g. “Missing lower left molar”",
    "provider.name": "The diagnosing provider",
    "coordinator.name": "The treatment coordinator",
    "today": "Today's date",
    "consult.when": "Day and time of the consult (empty when none is booked)",
    "consult.room": "The consult's room",
    "options": "Every option, one a line, with the patient's part",
    "option.name, option.patient_portion, option.fee, option.insurance, option.visits, "
    "option.time, option.recommended": "Inside {% for option in options %} … {% endfor %}",
    "referrer.name": "The provider a referral letter is written to",
    "referrer.specialty": "Their specialty",
}


class Option(dict[str, str]):
    """One option's fields; printed whole, one line: name and the patient's part."""

    def __str__(self) -> str:
        mark = " (recommended)" if self.get("recommended") else ""
        return f"• {self['name']}{mark}: your part is about {self['patient_portion']}"


class OptionList(list[Option]):
    """The options: a list to loop over, and one option a line when printed whole."""

    def __str__(self) -> str:
        return "\n".join(str(option) for option in self)


# The sandbox: an engine with only these tags and filters.

register = Library()
_TAGS: Final = ("if", "for", "with", "comment", "firstof")
_FILTERS: Final = (
    "default",
    "upper",
    "lower",
    "title",
    "capfirst",
    "join",
    "length",
    "first",
    "last",
    "yesno",
    "pluralize",
)


def _fill_library() -> None:
    from django.template import defaultfilters, defaulttags

    for name in _TAGS:
        register.tag(name, defaulttags.register.tags[name])
    for name in _FILTERS:
        register.filter(name, defaultfilters.register.filters[name])


_fill_library()


class _MergeEngine(Engine):
    default_builtins: list[str] = []  # Django's own three (load, include, debug …) stay out


_ENGINE: Final = _MergeEngine(loaders=[], builtins=[__name__], autoescape=True)


def check_template(body: str, path: str = "body") -> None:
    """Refuse a template that does not compile or names an unknown merge field."""
    compiled(body, path)


def render(body: str, fields: Mapping[str, Any], path: str = "body") -> SafeString:
    """The letter as safe HTML paragraphs. `fields`: plain values for FIELDS."""
    check_plain(fields, "fields")
    output = compiled(body, path).render(Context(dict(fields), autoescape=True))
    return mark_safe(linebreaks(output.strip()))  # noqa: S308 (every part is escaped)


def compiled(body: str, path: str, fields: Mapping[str, Schema] = FIELDS) -> Template:
    """`body` as a sandboxed template that may use only `fields` (another area's letters
    pass their own); every refusal names `path`."""
    if len(body) > MAX_LENGTH:
        raise CasepathError.at(path, f"Keep the letter under {MAX_LENGTH:,} characters.")
    try:
        template = Template(body, engine=_ENGINE)
    except TemplateSyntaxError as error:
        raise CasepathError.at(path, f"The template has a mistake: {error}") from None
    _check_nodes(template.nodelist, dict(fields), path)
    for node in template.nodelist.get_nodes_by_type(TextNode):
        if any(brace in node.s for brace in ("{{", "}}", "{%", "%}")):
            raise CasepathError.at(path, f"Close every merge field: “{_near_brace(node.s)}”.")
        node.s = escape(node.s)
    return template


def _near_brace(text: str) -> str:
    """The words around a stray brace, for the message."""
    at = min(i for i in (text.find(b) for b in ("{{", "}}", "{%", "%}")) if i >= 0)
    return text[max(at - 20, 0) : at + 30].strip()


# Every variable a template names must be a merge field.


def _check_nodes(nodes: list[Node], scope: dict[str, Schema], path: str) -> None:
    for node in nodes:
        if isinstance(node, ForNode):
            _check_for(node, scope, path)
        elif isinstance(node, WithNode):
            inner = dict(scope)
            for name, expression in node.extra_context.items():
                inner[name] = _check_expression(expression, scope, path)
            _check_nodes(node.nodelist, inner, path)
        else:
            for expression in _expressions(vars(node)):
                _check_expression(expression, scope, path)
            for attr in node.child_nodelists:
                _check_nodes(getattr(node, attr, None) or [], scope, path)


def _check_for(node: ForNode, scope: dict[str, Schema], path: str) -> None:
    sequence = _check_expression(node.sequence, scope, path)
    if not isinstance(sequence, ListOf):
        raise CasepathError.at(path, f"“{node.sequence.token}” is not a list to loop over.")
    if len(node.loopvars) != 1:
        raise CasepathError.at(path, "Loop with one name, e.g. {% for option in options %}.")
    inner = {**scope, node.loopvars[0]: sequence.item, "forloop": FORLOOP}
    _check_nodes(node.nodelist_loop, inner, path)
    _check_nodes(node.nodelist_empty, scope, path)


def _expressions(value: object) -> Iterator[FilterExpression]:
    """The expressions held by a node's attributes (and by {% if %} conditions)."""
    if isinstance(value, FilterExpression):
        yield value
    elif isinstance(value, TemplateLiteral):
        yield value.value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _expressions(item)
    elif isinstance(value, TokenBase):  # an {% if %} operator: `a and b`, `not a`
        yield from _expressions(value.first)
        yield from _expressions(value.second)
    elif isinstance(value, list | tuple) and not isinstance(value, NodeList):
        for item in value:
            yield from _expressions(item)


def _check_expression(expression: FilterExpression, scope: dict[str, Schema], path: str) -> Schema:
    for _, args in expression.filters:
        for is_variable, argument in args:
            if is_variable:
                _schema_of(argument, scope, path)
    if not isinstance(expression.var, Variable):
        return None  # a literal: "text" or a number
    schema = _schema_of(expression.var, scope, path)
    names = [getattr(f, "_filter_name", "") for f, _ in expression.filters]
    if names and names[-1] in ("first", "last") and isinstance(schema, ListOf):
        return schema.item
    return schema if not names else None


def _schema_of(variable: Variable, scope: Mapping[str, Schema], path: str) -> Schema:
    if variable.lookups is None:
        return None
    first, *rest = variable.lookups
    if first not in scope:
        raise _unknown(variable, path)
    schema = scope[first]
    for part in rest:
        if isinstance(schema, Mapping) and part in schema:
            schema = schema[part]
        elif isinstance(schema, ListOf) and part.isdigit():
            schema = schema.item
        else:
            raise _unknown(variable, path)
    return schema


def _unknown(variable: Variable, path: str) -> CasepathError:
    return CasepathError.at(
        path, f"“{{{{ {variable.var} }}}}” is not a merge field: use one of the fields listed."
    )


def check_plain(value: object, where: str) -> None:
    """Only plain data reaches a template: never a model or anything with methods to call."""
    if value is None or isinstance(value, str | int | bool):
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            check_plain(item, f"{where}.{key}")
    elif isinstance(value, list):
        for item in value:
            check_plain(item, where)
    else:
        raise TypeError(f"merge field {where} is a {type(value).__name__}, not plain text")


def sample_fields() -> dict[str, Any]:
    """Made-up values for the editor's preview."""
    options = OptionList(
        [
            _sample_option("Implant", "yes", "$4,200.00", "$1,500.00", "$2,700.00"),
            _sample_option("Bridge", "", "$3,700.00", "$1,850.00", "$1,850.00"),
        ]
    )
    return {
        "patient": {"first_name": "Maria", "last_name": "Garcia", "full_name": "Maria Garcia"},
        "practice": {"name": "Riverside Dental", "phone": "(614) 555-0100", "address": ""},
        "case": {"title": "Missing lower left molar"},
        "provider": {"name": "Dr. Rita Nunez, DDS"},
        "coordinator": {"name": "Tess Jones"},
        "today": "March 10, 2026",
        "consult": {"when": "Friday, March 20, 2026 at 10:00 AM", "room": "Consult room"},
        "options": options,
        "referrer": {"name": "Dr. Sam Lee, DMD", "specialty": "Oral surgery"},
    }


def _sample_option(name: str, recommended: str, fee: str, insurance: str, patient: str) -> Option:
    return Option(
        name=name,
        recommended=recommended,
        fee=fee,
        insurance=insurance,
        patient_portion=patient,
        visits="3",
        time="About 4 months",
    )
