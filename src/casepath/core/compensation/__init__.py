"""TC compensation with no database: plan terms, which payments count, the commission
by band spread over the payments behind it, the bonus pool, the statement (docs.md)."""

from casepath.core.compensation.allot import allot
from casepath.core.compensation.statement import (
    REASON_TEXT,
    BandCommission,
    Counted,
    Excluded,
    LeftOut,
    PaymentLine,
    Statement,
    band_commissions,
    bonus_pool,
    share_bonus,
    statement,
    statements,
)
from casepath.core.compensation.terms import (
    Band,
    BonusKind,
    BonusPool,
    BonusSplit,
    Terms,
    TierMode,
)

__all__ = [
    "REASON_TEXT",
    "Band",
    "BandCommission",
    "BonusKind",
    "BonusPool",
    "BonusSplit",
    "Counted",
    "Excluded",
    "LeftOut",
    "PaymentLine",
    "Statement",
    "Terms",
    "TierMode",
    "allot",
    "band_commissions",
    "bonus_pool",
    "share_bonus",
    "statement",
    "statements",
]
