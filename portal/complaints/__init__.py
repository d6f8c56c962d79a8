"""Complaints, routed to the body that handles them."""
