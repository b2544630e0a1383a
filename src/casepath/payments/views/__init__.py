"""Collections' screens, one module per screen; `common` holds what they share."""
