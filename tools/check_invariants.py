"""Casepath's own lint: invariants ruff cannot express.

- core reads no clock and uses no float (money is Decimal; dates are parameters);
- core imports neither Django nor any app (import-linter checks this too);
- views and API modules never touch `.objects`: they read through selectors and
  the scoping helper, and write through services.
Exit status 1 lists every finding as path:line: message.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "casepath"
CLOCK_CALLS = {
    ("date", "today"),
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("timezone", "now"),
    ("time", "time"),
}
THIN_MODULES = ("views.py", "api.py")


def core_findings(path: Path, tree: ast.AST) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            if isinstance(owner, ast.Name) and (owner.id, node.func.attr) in CLOCK_CALLS:
                yield (
                    node.lineno,
                    f"core reads the clock ({owner.id}.{node.func.attr}); pass the date in",
                )
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "float"
        ):
            yield node.lineno, "core calls float(); money and rates are Decimal"
        if isinstance(node, ast.Constant) and isinstance(node.value, float):
            yield node.lineno, "core has a float literal; write Decimal('…')"
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
            )
            for name in names:
                if name.split(".")[0] in ("django", "ninja") or (
                    name.startswith("casepath.") and not name.startswith("casepath.core")
                ):
                    yield node.lineno, f"core imports {name}; core stays pure"


def thin_findings(path: Path, tree: ast.AST) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            yield node.lineno, "views and API modules read through selectors, not .objects"


def main() -> int:
    findings = []
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(), str(path))
        checks = []
        if (SRC / "core") in path.parents:
            checks.append(core_findings)
        if path.name in THIN_MODULES or path.parent.name == "views":
            checks.append(thin_findings)
        for check in checks:
            findings += [
                f"{path.relative_to(ROOT)}:{line}: {msg}" for line, msg in check(path, tree)
            ]
    print("\n".join(findings) or "invariants hold")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
