"""Casepath: the treatment coordinator's workbench."""

__version__ = "0.1.0"
