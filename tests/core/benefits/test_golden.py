"""The golden cases of golden.py, each a rule of the estimate contract."""

from __future__ import annotations

import pytest

from casepath.core.benefits import estimate
from tests.core.benefits.golden import CASES
from tests.core.benefits.spec import Golden, check


def test_there_are_enough_golden_cases_and_each_says_why() -> None:
    reasons = [case.reason for case in CASES]
    assert len(CASES) >= 60
    assert len(set(reasons)) == len(reasons), "each case has its own reason"


@pytest.mark.parametrize("case", CASES, ids=[case.reason for case in CASES])
def test_golden(case: Golden) -> None:
    check(estimate(case.request), case)
