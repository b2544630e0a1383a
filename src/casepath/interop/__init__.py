"""Boundary formats: estimate and APR JSON v1, FHIR, CSV imports. No database access."""
