"""Forms of the insurance settings: carriers, plans and their benefits, fee schedules."""
