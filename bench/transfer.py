"""Bytes a first and a repeat visit to the forside transfer, compressed as
served (Accept-Encoding: gzip): the HTML, its stylesheets and scripts, the
icon sprite and favicon it refers to, and the fonts the page uses (IBM Plex
Sans regular, semibold and bold, woff2, found through the stylesheets'
@font-face rules; with unicode-range subsets, only those that cover the
page's characters). A repeat visit fetches again only what is not cached:
each static answer's Cache-Control is read, not assumed."""

from __future__ import annotations

import gzip
import http.client
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

# Fonts a page in DKFDS uses: body text (400), headings/labels (600), strong/buttons (700).
USED_FONTS = (("IBM Plex Sans", "normal", "400"), ("IBM Plex Sans", "normal", "600"), ("IBM Plex Sans", "normal", "700"))
DAY = 24 * 3600


@dataclass
class Fetched:
    url: str
    kind: str
    status: int
    bytes: int  # body as transferred
    encoding: str
    cache_control: str
    body: bytes = field(repr=False, default=b"")

    @property
    def cached_for(self) -> int:
        """Seconds a browser may keep it without asking (0: asks every time)."""
        cc = self.cache_control.lower()
        if "no-store" in cc or "no-cache" in cc:
            return 0
        match = re.search(r"max-age=(\d+)", cc)
        return int(match.group(1)) if match else 0


def fetch(base: str, url: str, kind: str) -> Fetched:
    parts = urlsplit(urljoin(base, url))
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    connection.request("GET", path, headers={"Accept-Encoding": "gzip", "User-Agent": "portal-bench"})
    response = connection.getresponse()
    raw = response.read()
    connection.close()
    encoding = response.getheader("Content-Encoding", "") or ""
    body = gzip.decompress(raw) if encoding == "gzip" else raw
    return Fetched(path, kind, response.status, len(raw), encoding or "identity",
                   response.getheader("Cache-Control", "") or "", body)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        rel = (a.get("rel") or "").lower().split()
        if tag == "link" and "stylesheet" in rel and a.get("href"):
            self.found.append(("css", a["href"]))
        elif tag == "link" and "icon" in rel and a.get("href"):
            self.found.append(("icon", a["href"]))
        elif tag == "script" and a.get("src"):
            self.found.append(("js", a["src"]))
        elif tag == "img" and a.get("src"):
            self.found.append(("img", a["src"]))
        elif tag == "use":
            href = a.get("href") or a.get("xlink:href") or ""
            if href and not href.startswith("#"):
                self.found.append(("img", href.split("#")[0]))


_FONT_FACE = re.compile(r"@font-face\s*{([^}]*)}")


def _ranges(value: str) -> list[tuple[int, int]] | None:
    """A unicode-range descriptor as (low, high) pairs; None when absent (all characters)."""
    if not value:
        return None
    pairs = []
    for part in value.split(","):
        part = part.strip().upper().removeprefix("U+")
        if not part:
            continue
        low, _, high = part.partition("-")
        if "?" in low:
            low, high = low.replace("?", "0"), low.replace("?", "F")
        pairs.append((int(low, 16), int(high or low, 16)))
    return pairs


def _faces(css: str, css_url: str) -> list[tuple[tuple, list | None, str]]:
    """(family, style, weight), unicode ranges, woff2 URL: each @font-face of USED_FONTS, in order."""
    faces = []
    for block in _FONT_FACE.findall(css):
        props = dict((k.strip().lower(), v.strip()) for k, _, v in (p.partition(":") for p in block.split(";")) if v)
        family = props.get("font-family", "").strip("'\"")
        key = (family, props.get("font-style", "normal"), props.get("font-weight", "400"))
        if key in USED_FONTS:
            woff2 = re.search(r"url\(([^)]+\.woff2)\)", props.get("src", ""))
            if woff2:
                faces.append((key, _ranges(props.get("unicode-range", "")),
                              urljoin(css_url, woff2.group(1).strip("'\""))))
    return faces


def _used_faces(faces, text: str) -> list[tuple[tuple, str]]:
    """What a browser downloads: for each character of the page, per font, the
    last declared face whose unicode-range covers it."""
    used = {}
    characters = {ord(c) for c in text if not c.isspace()}
    for key in {face[0] for face in faces}:
        candidates = [face for face in faces if face[0] == key]
        for code in characters:
            for _, ranges, url in reversed(candidates):
                if ranges is None or any(low <= code <= high for low, high in ranges):
                    used[url] = key
                    break
    return [(key, url) for url, key in used.items()]


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


@dataclass
class Visit:
    files: list[Fetched]
    first: int
    repeat: int
    not_cached: list[Fetched]  # static files without a long Cache-Control (fetched again on a repeat visit)
    missing_fonts: list[str]


def measure(base: str, page: str = "/") -> Visit:
    html = fetch(base, page, "html")
    parser = _Links()
    parser.feed(html.body.decode("utf-8", "replace"))
    files = [html]
    seen = {html.url}
    for kind, url in parser.found:
        if url in seen:
            continue
        seen.add(url)
        files.append(fetch(base, url, kind))
    faces = []
    for css in [f for f in files if f.kind == "css"]:
        faces += _faces(css.body.decode("utf-8", "replace"), css.url)
    text = _Text()
    text.feed(html.body.decode("utf-8", "replace"))
    used = _used_faces(faces, "".join(text.parts))
    for key, url in used:
        if url not in seen:
            seen.add(url)
            files.append(fetch(base, url, "font"))
    found = {key for key, _ in used}
    missing = [" ".join(key) for key in USED_FONTS if key not in found]
    static = files[1:]
    not_cached = [f for f in static if f.cached_for < 30 * DAY]
    first = sum(f.bytes for f in files)
    repeat = html.bytes + sum(f.bytes for f in not_cached)
    return Visit(files, first, repeat, not_cached, missing)
