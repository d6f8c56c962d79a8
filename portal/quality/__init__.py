"""The quality follow-up: whether the municipality keeps the promises of its
standard, published per municipality, and the satisfaction question."""
