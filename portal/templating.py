"""Template globals shared by every page and macro."""

from __future__ import annotations

from flask import Flask
from flask_babel import get_locale

from portal.public.presenters import FORM_LABELS, LAW_LABELS


def current_language() -> str:
    return str(get_locale() or "da").split("_")[0]


# Capabilities add template names here to show a block on Min side (tasks, cases …).
OVERVIEW_BLOCKS: list[str] = []


def init_app(app: Flask) -> None:
    from portal import assets
    from portal.auth.current import SCOPE_LABELS

    def endpoint_exists(name: str) -> bool:
        return name in app.view_functions

    app.jinja_env.add_extension("jinja2.ext.do")
    app.add_template_filter(lambda scope: str(SCOPE_LABELS.get(scope, scope)), "scope_label")

    # Globals, not a context processor: macros imported without context see them too.
    app.jinja_env.globals.update(
        current_language=current_language,
        asset=assets.url,
        form_label=lambda form: str(FORM_LABELS.get(form, form)),
        law_label=lambda law: str(LAW_LABELS.get(law, law)),
        endpoint_exists=endpoint_exists,
        overview_blocks=lambda: list(OVERVIEW_BLOCKS),
    )
