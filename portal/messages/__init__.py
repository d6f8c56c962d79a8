"""Messages and documents between the citizen (or a relative) and the municipality, and pausing training."""
