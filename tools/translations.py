"""Catalogue chores: the Danish catalogue mirrors the Danish source strings, and
`check` lists entries that are untranslated or fuzzy (the test does the same)."""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = ROOT / "translations"


def _load(language: str):
    path = CATALOGUES / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        return path, read_po(handle, locale=language)


def fill_danish() -> None:
    path, catalog = _load("da")
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            if not any(message.string):
                message.string = tuple(message.id[:1] + message.id[1:2])
        elif not message.string:
            message.string = message.id
        message.flags.discard("fuzzy")
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, sort_output=True)


def set_translation(language: str, msgid: str, *strings: str) -> None:
    """Fill one entry (two strings for a plural entry)."""
    path, catalog = _load(language)
    message = catalog.get(msgid)
    if message is None:
        raise SystemExit(f"{msgid!r} is not in the {language} catalogue")
    message.string = tuple(strings) if isinstance(message.id, tuple) else strings[0]
    message.flags.discard("fuzzy")
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, sort_output=True)


def set_many(language: str, pairs: dict) -> None:
    """Fill many entries at once: {msgid: translation} (a list of two for a plural entry)."""
    path, catalog = _load(language)
    for msgid, strings in pairs.items():
        message = catalog.get(msgid)
        if message is None:
            raise SystemExit(f"{msgid!r} is not in the {language} catalogue")
        strings = strings if isinstance(strings, list) else [strings]
        message.string = tuple(strings) if isinstance(message.id, tuple) else strings[0]
        message.flags.discard("fuzzy")
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, sort_output=True)


def missing(language: str) -> list[str]:
    _, catalog = _load(language)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if "fuzzy" in message.flags or not all(strings):
            problems.append(message.id if isinstance(message.id, str) else message.id[0])
    return problems


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "fill-danish":
        fill_danish()
    elif command == "check":
        bad = {lang: missing(lang) for lang in ("da", "en")}
        for lang, ids in bad.items():
            for msgid in ids:
                print(f"{lang}: {msgid}")
        sys.exit(1 if any(bad.values()) else 0)
    elif command == "set":  # translations.py set en "Dansk tekst" "English text"
        set_translation(sys.argv[2], sys.argv[3], *sys.argv[4:])
    elif command == "fill":  # translations.py fill en < {"Dansk tekst": "English text", …}
        import json

        set_many(sys.argv[2], json.load(sys.stdin))
    elif command == "todo":
        for msgid in missing(sys.argv[2] if len(sys.argv) > 2 else "en"):
            print(repr(msgid))
