"""A procedure of the request, checked and in cents: a `Job` for the estimator.

This runs once per procedure of every estimate, so the checks take a fast path
for good input and call the shared checkers (which build the message and the
field's path) only when something is wrong.
"""

from __future__ import annotations

from datetime import date
from operator import attrgetter
from typing import NamedTuple

from casepath.core.benefits.checks import a_date, a_text, a_tooth, known_code, quick_cents, whole
from casepath.core.benefits.model import Procedure
from casepath.core.catalog import TEETH, Tooth, category_of
from casepath.core.errors import CasepathError

_SURFACES = frozenset("MODBLIF")
_NO_AREA = ("", "", "")
_new = tuple.__new__


class Job(NamedTuple):
    position: int  # in the request
    id: str
    code: str
    fee: int  # cents, per unit
    units: int
    tooth: Tooth | None
    area: tuple[str, str, str]  # tooth, arch, quadrant ("" without a tooth)
    day: date
    order: tuple[bool, int, date, int]  # priority (none last), date, list order


def jobs_in_order(
    procedures: tuple[Procedure, ...], as_of: date, birth_date: date
) -> tuple[list[Job], list[Job]]:
    """The procedures as jobs in request order, and in the order they are estimated:
    by priority (none last), then date, then list order."""
    jobs = [make_job(index, p, as_of, birth_date) for index, p in enumerate(procedures)]
    repeated = _repeated_id(jobs)
    if repeated is not None:
        raise CasepathError.at(_path(repeated.position, "id"), f"{repeated.id!r} is used twice")
    return jobs, sorted(jobs, key=_ORDER)


_ORDER = attrgetter("order")


def make_job(index: int, procedure: Procedure, as_of: date, birth_date: date) -> Job:
    if type(procedure) is not Procedure:
        raise CasepathError.at(f"procedures[{index}]", "must be a procedure")
    code, tooth, units, priority = (
        procedure.code,
        procedure.tooth,
        procedure.units,
        procedure.priority,
    )
    day, surfaces = procedure.date or as_of, procedure.surfaces
    info = TEETH.get(tooth) if tooth else None
    if not (
        category_of(code) is not None
        and (info is not None or tooth == "")
        and type(units) is int
        and units >= 1
        and (priority is None or type(priority) is int)
        and type(day) is date
        and day >= birth_date
        and type(procedure.id) is str
        and (surfaces == "" or (type(surfaces) is str and _SURFACES.issuperset(surfaces)))
    ):
        _refuse(index, procedure, birth_date)
    area = _NO_AREA if info is None else (tooth, info.arch, info.quadrant)
    order = (priority is None, priority or 0, day, index)
    fee = quick_cents(procedure.fee, "procedures", index, "fee")
    return _new(Job, (index, procedure.id, code, fee, units, info, area, day, order))


def _refuse(index: int, procedure: Procedure, birth_date: date) -> None:
    """Say what is wrong with a procedure that failed the quick checks."""
    known_code(procedure.code, _path(index, "code"))
    a_tooth(procedure.tooth, _path(index, "tooth"))
    whole(procedure.units, _path(index, "units"), 1)
    if procedure.priority is not None:
        whole(procedure.priority, _path(index, "priority"), -(10**9))
    if procedure.date is not None:
        a_date(procedure.date, _path(index, "date"))
        if procedure.date < birth_date:
            raise CasepathError.at(_path(index, "date"), "is before the patient's birth date")
    a_text(procedure.id, _path(index, "id"))
    surfaces = a_text(procedure.surfaces, _path(index, "surfaces"))
    raise CasepathError.at(
        _path(index, "surfaces"), f"{surfaces!r} uses letters other than MODBLIF"
    )


def _path(index: int, field: str) -> str:
    return f"procedures[{index}].{field}"


def _repeated_id(jobs: list[Job]) -> Job | None:
    """The first job whose id an earlier job already has (empty ids may repeat)."""
    seen: set[str] = set()
    for job in jobs:
        if job.id in seen:
            return job
        if job.id:
            seen.add(job.id)
    return None
