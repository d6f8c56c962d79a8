"""Keep personal data out of log lines: CPR numbers are masked before any
handler writes them, whatever logger they come through."""

from __future__ import annotations

import logging
import re

from flask import Flask

# Ten digits, optionally with a dash after six: 010203-1234 or 0102031234.
CPR_PATTERN = re.compile(r"(?<!\d)(\d{6})-?(\d{4})(?!\d)")


def mask(text: str) -> str:
    return CPR_PATTERN.sub(r"\1-XXXX", text)


# What every LogRecord has; anything else on a record came as `extra=` fields.
_STANDARD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class MaskCprFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # Structured fields (the JSON request log) are masked as well as the message.
        for name, value in list(vars(record).items()):
            if name not in _STANDARD_ATTRIBUTES and isinstance(value, str):
                setattr(record, name, mask(value))
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not hide the record
            return True
        masked = mask(message)
        if masked != message:
            record.msg = masked
            record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = mask(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = mask(record.exc_text)
        return True


def install(app: Flask) -> None:
    cpr_filter = MaskCprFilter()
    for name in ("", "werkzeug", "gunicorn.access", "gunicorn.error", "portal.request", app.logger.name):
        logger = logging.getLogger(name)
        if not any(isinstance(f, MaskCprFilter) for f in logger.filters):
            logger.addFilter(cpr_filter)
        for handler in logger.handlers:
            if not any(isinstance(f, MaskCprFilter) for f in handler.filters):
                handler.addFilter(cpr_filter)
