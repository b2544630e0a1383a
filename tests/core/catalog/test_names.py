"""Plain-language names: ours for common codes, the category's words otherwise."""

from __future__ import annotations

from casepath.core.catalog import PLAIN_NAMES, category_of, category_words, plain_name


def test_common_codes_have_our_own_names() -> None:
    assert plain_name("D2740") == "All-ceramic crown"
    assert plain_name("D1110") == "Cleaning (adult)"
    assert 30 <= len(PLAIN_NAMES) <= 50
    assert all(category_of(code) is not None for code in PLAIN_NAMES)


def test_other_codes_fall_back_to_their_category() -> None:
    assert plain_name("D2791") == "Crown"
    assert plain_name("D0399") == "X-ray"
    assert plain_name("D0050") == "Procedure"


def test_notes_name_categories_in_plain_words() -> None:
    assert category_words("crowns") == "crowns"
    assert category_words("oral_surgery") == "oral surgery"
