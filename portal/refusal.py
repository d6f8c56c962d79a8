"""A request refused: not allowed (403), not found or not yours (404), or not
in a state where it can be done (409). `portal.errors` words it as a page,
or for htmx as a notice in the place the person acted."""

from __future__ import annotations

from werkzeug.exceptions import HTTPException


class Refused(HTTPException):
    """`reason` is a code for tests and logs; `title` and `text` are the words."""

    def __init__(self, code: int, title: str = "", text: str = "", *, reason: str = "",
                 link: tuple[str, str] | None = None):
        super().__init__(description=text)
        self.code = code
        self.title = title
        self.text = text
        self.reason = reason
        self.link = link  # (url, label): what the person can do instead
