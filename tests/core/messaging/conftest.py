from __future__ import annotations

import pytest

from tests.core.explain.reading import Grade, give_nltk_the_cmu_dictionary, school_grade


@pytest.fixture(scope="session")
def grade(tmp_path_factory: pytest.TempPathFactory) -> Grade:
    """The reading-level measure of tests/core/explain, with nltk's dictionary in place."""
    give_nltk_the_cmu_dictionary(tmp_path_factory.mktemp("nltk_data_messaging"))
    return school_grade()
