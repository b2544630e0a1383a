"""Coordination of benefits: what a secondary (or tertiary) plan adds.

Let `normal` be what the plan would pay as primary and `paid` what earlier
coverages pay. `standard`: min(normal, fee - paid - earlier write-offs);
`non_duplication`: max(0, normal - paid); `secondary_allowed`:
min(normal, own allowed - paid), never below 0. Only the first coverage takes a
network write-off unless the policy says later ones may too; if payments plus
write-offs would exceed the fee, write-offs are reduced, the primary's first.
"""

from __future__ import annotations

from casepath.core.benefits import notes
from casepath.core.benefits.job import Job
from casepath.core.benefits.model import Policy
from casepath.core.benefits.price import Share

INSURANCE, WRITE_OFF = Share._fields.index("insurance"), Share._fields.index("write_off")
_new = tuple.__new__


def _changed(share: Share, position: int, amount: int) -> Share:
    """The share with one amount changed (NamedTuple._replace, without its cost)."""
    return _new(Share, (*share[:position], amount, *share[position + 1 :]))


def coordinate(shares: list[Share], methods: list[str], job: Job, policy: Policy) -> None:
    """Coordinate `shares` (primary first) in place."""
    later = shares[1]
    if len(shares) == 2 and not (later.insurance or later.write_off):
        return  # the secondary pays nothing and discounts nothing: nothing to coordinate
    total = job.fee * job.units
    paid, written_off = shares[0].insurance, shares[0].write_off
    for position in range(1, len(shares)):
        share = shares[position]
        if share.insurance:
            share = _as_secondary(share, methods[position], job, total, paid, written_off)
        if share.write_off:
            share = _secondary_write_off(share, written_off, policy)
        shares[position] = share
        paid += share.insurance
        written_off += share.write_off
    if paid + written_off > total:
        _reduce_write_offs(shares, paid + written_off - total)


def _as_secondary(
    share: Share, method: str, job: Job, total: int, paid: int, written_off: int
) -> Share:
    normal = share.insurance
    if method == "non_duplication":
        payable = normal - paid
    elif method == "secondary_allowed":
        payable = min(normal, share.allowed * job.units - paid)
    else:
        payable = min(normal, total - paid - written_off)
    payable = max(payable, 0)
    if payable == normal:
        return share
    share.notes.append(notes.coordinated(method, normal, paid, payable))
    return _changed(share, INSURANCE, payable)


def _secondary_write_off(share: Share, written_off: int, policy: Policy) -> Share:
    if not policy.secondary_ppo_writeoff:
        share.notes.append(notes.FIRST_PLAN_DISCOUNT)
        return _changed(share, WRITE_OFF, 0)
    if not written_off:
        return share
    extra = max(share.write_off - written_off, 0)
    share.notes.append(notes.later_discount(share.write_off - extra))
    return _changed(share, WRITE_OFF, extra)


def _reduce_write_offs(shares: list[Share], over: int) -> None:
    for position, share in enumerate(shares):
        cut = min(share.write_off, over)
        if cut:
            share.notes.append(notes.write_off_reduced(cut))
            shares[position] = _changed(share, WRITE_OFF, share.write_off - cut)
            over -= cut
