"""A first visit is light, and a repeat visit transfers only the HTML."""

from __future__ import annotations


def _transferred(page) -> list[tuple[str, int]]:
    return page.evaluate(
        "() => [[location.pathname, performance.getEntriesByType('navigation')[0].transferSize]]"
        ".concat(performance.getEntriesByType('resource').map(r => [r.name, r.transferSize]))"
    )


def test_first_visit_fetches_only_latin1_font_subsets_and_stays_under_200_kb(page):
    fonts = []
    page.on("request", lambda request: fonts.append(request.url) if request.resource_type == "font" else None)
    page.goto("/", wait_until="networkidle")
    page.evaluate("document.fonts.ready")
    assert fonts, "the page uses IBM Plex Sans"
    assert all("-Latin1.woff2" in url for url in fonts), fonts
    total = sum(size for _, size in _transferred(page))
    assert total <= 200 * 1024, f"{total / 1024:.1f} KB: {_transferred(page)}"
    page.console_errors.assert_none()


def test_a_repeat_visit_takes_static_files_from_the_cache(page):
    page.goto("/", wait_until="networkidle")
    page.goto("/kommune/glostrup", wait_until="networkidle")
    resources = page.evaluate("() => performance.getEntriesByType('resource').map(r => [r.name, r.transferSize])")
    from_network = [(name, size) for name, size in resources if size > 0]
    assert from_network == [], from_network
