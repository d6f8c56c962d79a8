"""Both catalogues are complete: no untranslated or fuzzy entry, and every
string in the code and templates is in the catalogue."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]


def _catalog(language: str):
    with (ROOT / "translations" / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=language)


def _ids(catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def test_english_and_danish_catalogues_have_no_untranslated_or_fuzzy_entries():
    for language in ("da", "en"):
        problems = []
        for message in _catalog(language):
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if "fuzzy" in message.flags or not all(strings):
                problems.append(message.id)
        assert problems == [], f"{language}: {problems[:10]}"


def test_every_string_in_the_code_is_in_the_catalogues(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "lazy_gettext", "-k", "_l", "--no-location", "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    with pot.open("rb") as handle:
        extracted = _ids(read_po(handle))
    for language in ("da", "en"):
        missing = extracted - _ids(_catalog(language))
        assert missing == set(), f"{language} lacks {sorted(missing)[:10]} – run make translations-extract"
