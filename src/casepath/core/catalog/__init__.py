"""The procedure catalog: code shape and category, teeth, plain-language names.

See docs.md beside this file.
"""

from casepath.core.catalog.codes import (
    CATEGORIES,
    CATEGORY_SPANS,
    category_of,
    category_width,
    code_number,
    in_category,
    is_cdt_code,
)
from casepath.core.catalog.names import PLAIN_NAMES, category_words, plain_name
from casepath.core.catalog.teeth import TEETH, Tooth, tooth_info

__all__ = [
    "CATEGORIES",
    "CATEGORY_SPANS",
    "PLAIN_NAMES",
    "TEETH",
    "Tooth",
    "category_of",
    "category_width",
    "category_words",
    "code_number",
    "in_category",
    "is_cdt_code",
    "plain_name",
    "tooth_info",
]
