"""Template globals shared by every page and macro."""

from __future__ import annotations

from flask import Flask

from portal.public.presenters import FORM_LABELS, LAW_LABELS


def say(obj, field: str):
    """A data text in the page's language: the English rendering on English
    pages where the data has one, else the Danish original marked lang="da"."""
    from markupsafe import Markup, escape

    danish = getattr(obj, field, "") or ""
    if current_language() == "da" or not danish:
        return danish
    english = getattr(obj, f"{field}_en", "") or ""
    return english if english else Markup('<span lang="da">%s</span>') % escape(danish)


def _law_label(law: str) -> str:
    from portal.i18n import resolve

    return resolve(LAW_LABELS.get(law, law))


_SLOT = "__portal_url_value__"
_PATH_SAFE = "!$&'()*+,/:;=@"  # as werkzeug's string converter quotes a path segment


def url_with(endpoint: str, value, param: str = "reference") -> str:
    """url_for(endpoint, **{param: value}) for a table of rows: the URL is built
    once per request and endpoint, then each row's value is put in its place
    (url_for costs more than the rest of a row). For routes whose only
    variable part is `param`; the value is quoted as the URL map would."""
    from urllib.parse import quote

    from flask import request, url_for

    patterns = request.environ.setdefault("portal.url_patterns", {})  # this request's only
    pattern = patterns.get((endpoint, param))
    if pattern is None:
        pattern = patterns[(endpoint, param)] = url_for(endpoint, **{param: _SLOT})
    return pattern.replace(_SLOT, quote(str(value), safe=_PATH_SAFE), 1)


def current_language() -> str:
    from portal.i18n import language

    return language()


# Pages that other capabilities add blocks to: a page renders
# {% for block in page_blocks("overview") %}{% include block %}{% endfor %}.
# Names: "overview" (Min side: tasks, cases), "my_cases" (/mine-sager: below the cases),
# "case" (one case on /mine-sager/<ref>, with `case` in the context).
PAGE_BLOCKS: dict[str, list[str]] = {}


def register_block(page: str, template: str) -> None:
    blocks = PAGE_BLOCKS.setdefault(page, [])
    if template not in blocks:
        blocks.append(template)


def init_app(app: Flask) -> None:
    from portal import assets, render_cache
    from portal.auth.current import SCOPE_LABELS

    def municipality_name(municipality_id: str) -> str:
        from portal import municipalities

        try:
            return municipalities.get(municipality_id).name
        except municipalities.UnknownMunicipality:
            return municipality_id

    app.jinja_env.add_extension("jinja2.ext.do")
    app.add_template_filter(lambda scope: str(SCOPE_LABELS.get(scope, scope)), "scope_label")

    # Globals, not a context processor: macros imported without context see them too.
    app.jinja_env.globals.update(
        current_language=current_language,
        url_with=url_with,
        chrome=render_cache.chrome,
        say=say,
        asset=assets.url,
        vendor=assets.vendor,
        form_label=lambda form: str(FORM_LABELS.get(form, form)),
        law_label=_law_label,
        municipality_name=municipality_name,
        page_blocks=lambda page: list(PAGE_BLOCKS.get(page, ())),
    )
