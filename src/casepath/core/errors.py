"""One error family for the pure core; every message names the field."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    """A problem with one input field: `path` names it, `message` says what is wrong."""

    path: str
    message: str


class CasepathError(ValueError):
    """Invalid input to the core. Carries one or more field errors."""

    def __init__(self, *errors: FieldError) -> None:
        if not errors:
            raise TypeError("CasepathError needs at least one FieldError")
        self.errors: tuple[FieldError, ...] = errors
        super().__init__("; ".join(f"{e.path}: {e.message}" for e in errors))

    @classmethod
    def at(cls, path: str, message: str) -> CasepathError:
        return cls(FieldError(path, message))
