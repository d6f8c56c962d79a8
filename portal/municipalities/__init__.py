"""Municipalities as data: each `data/<id>.toml` is one municipality's
quality standard (kvalitetsstandard), validated by `schema.py` at start-up."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from .schema import Municipality, National, NationalBody

DATA_DIR = Path(__file__).parent / "data"
NATIONAL_FILE = Path(__file__).parent / "national.toml"
# The published quality standards the data cites (copies of ../shared/kvalitetsstandarder).
SOURCES_DIR = Path(__file__).parent / "sources"


class UnknownMunicipality(LookupError):
    pass


def load_file(path: Path) -> Municipality:
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    municipality = Municipality.model_validate(raw)
    if municipality.id != path.stem:
        raise ValueError(f"{path.name}: id {municipality.id!r} must match the file name")
    return municipality


@lru_cache(maxsize=1)
def all_municipalities() -> dict[str, Municipality]:
    """Every municipality, by id, sorted by name."""
    loaded = [load_file(path) for path in sorted(DATA_DIR.glob("*.toml"))]
    return {m.id: m for m in sorted(loaded, key=lambda m: m.short_name)}


def get(municipality_id: str) -> Municipality:
    try:
        return all_municipalities()[municipality_id]
    except KeyError:
        raise UnknownMunicipality(municipality_id) from None


def find(municipality_id: str | None) -> Municipality | None:
    """The municipality, or None for an id that is not one (or none at all)."""
    return all_municipalities().get(municipality_id or "")


@lru_cache(maxsize=1)
def national() -> dict[str, NationalBody]:
    with NATIONAL_FILE.open("rb") as handle:
        data = National.model_validate(tomllib.load(handle))
    return {body.id: body for body in data.bodies}
