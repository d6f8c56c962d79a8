"""Pure domain rules for training under serviceloven § 86.

Nothing here imports Flask, touches the database or reads the clock: callers
pass the current time in. Only the standard library and `holidays` are used.
"""


class RuleError(ValueError):
    """Input a rule cannot answer (an unknown reason, an impossible date, …)."""
