"""A citizen's case (sag): from application to closed, with its timeline."""
