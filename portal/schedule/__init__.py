"""Decisions, training sessions, cancelling and moving, calendars."""
