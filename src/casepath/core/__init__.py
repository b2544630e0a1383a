"""The pure domain of Casepath: no Django, no I/O, no clock.

Dates that matter are parameters. Errors are raised as `CasepathError` with a
message that names the field. See docs.md beside this file.
"""
