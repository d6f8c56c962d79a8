"""A git merge driver for the message catalogues: the union of both sides'
entries, so two branches that each add strings merge without conflict.

    git config merge.po-union.driver '.venv/bin/python tools/po_merge.py %O %A %B'

An entry changed on one side only takes that change; changed on both, ours
wins. Entries either side dropped stay until `make translations-extract`
prunes what no source uses any more.
"""

from __future__ import annotations

import sys

from babel.messages.pofile import read_po, write_po


def _read(path: str):
    with open(path, "rb") as handle:
        return read_po(handle)


def merge(base_path: str, ours_path: str, theirs_path: str) -> None:
    base, ours, theirs = _read(base_path), _read(ours_path), _read(theirs_path)
    for message in theirs:
        if not message.id:
            continue
        mine = ours.get(message.id, message.context)
        if mine is None:
            ours[message.id] = message
            continue
        original = base.get(message.id, message.context)
        if original is not None and mine.string == original.string and message.string != original.string:
            mine.string = message.string
            mine.flags = set(message.flags)
        elif not (mine.string if isinstance(mine.string, str) else any(mine.string)):
            mine.string = message.string
            mine.flags = set(message.flags)
    with open(ours_path, "wb") as handle:
        write_po(handle, ours, width=100, sort_output=True)


if __name__ == "__main__":
    merge(*sys.argv[1:4])
