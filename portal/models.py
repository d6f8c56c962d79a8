"""Imports every capability's models so Alembic and the app see one metadata."""
