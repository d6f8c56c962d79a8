"""Every municipality file passes the schema and cites its source faithfully."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from pydantic import ValidationError

from portal import municipalities
from portal.municipalities.schema import Municipality

DATA = sorted(municipalities.DATA_DIR.glob("*.toml"))
# The quality standards the data cites travel with the code, so the checks
# below run in every checkout (CI's clean clone included).
SOURCES = municipalities.SOURCES_DIR


def _shared_originals() -> Path | None:
    """../shared/kvalitetsstandarder next to the checkout, where the project's documents are kept."""
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "kvalitetsstandarder"
        if candidate.is_dir():
            return candidate
    return None


def test_the_copied_sources_are_the_shared_originals():
    """Where the shared originals are at hand, the copies in the repository are the same texts."""
    originals = _shared_originals()
    if originals is None:
        return  # a clone on its own: the copies are what there is
    for original in sorted(originals.glob("*")):
        assert (SOURCES / original.name).read_bytes() == original.read_bytes(), original.name
ABOLISHED = ["Det Sociale Nævn", "Sundhedsvæsenets Patientklagenævn", "Patientombuddet", "Styrelsen for Patientsikkerhed"]


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _walk_sources(node, found):
    if isinstance(node, dict):
        if "section" in node:
            found.append(node)
        for value in node.values():
            _walk_sources(value, found)
    elif isinstance(node, list):
        for value in node:
            _walk_sources(value, found)
    return found


def test_the_four_municipalities_of_the_domain_are_there():
    assert set(municipalities.all_municipalities()) == {"ballerup", "herlev", "glostrup", "koebenhavn"}


@pytest.mark.parametrize("path", DATA, ids=lambda p: p.stem)
def test_file_passes_the_schema(path):
    municipality = municipalities.load_file(path)
    assert municipality.id == path.stem


@pytest.mark.parametrize("path", DATA, ids=lambda p: p.stem)
def test_every_cited_section_is_a_heading_in_the_source(path):
    raw = tomllib.loads(path.read_text())
    own = raw["source_file"]
    texts = {}
    for source in _walk_sources(raw, []):
        file = source.get("file") or own
        if file == "DOMAIN.md":
            continue
        if file not in texts:
            texts[file] = _normalise((SOURCES / file).read_text())
        assert _normalise(source["section"]) in texts[file], f"{file}: {source['section']!r}"


@pytest.mark.parametrize("path", DATA, ids=lambda p: p.stem)
def test_contact_details_are_copied_from_the_source_not_invented(path):
    m = municipalities.load_file(path)
    source = (SOURCES / m.source_file).read_text()
    digits = re.sub(r"\D", "", source)
    lowered = source.lower()
    for contact in m.contacts:
        if contact.phone:
            assert re.sub(r"\D", "", contact.phone) in digits, contact.phone
        for email in (contact.email, contact.secure_email):
            if email:
                assert email.lower() in lowered, email


@pytest.mark.parametrize("path", DATA, ids=lambda p: p.stem)
def test_no_abolished_body_is_named_except_where_the_page_says_what_replaced_it(path):
    import json

    raw = tomllib.loads(path.read_text())
    outdated = raw.get("complaints", {}).pop("outdated_names", [])
    text = json.dumps(raw, ensure_ascii=False, default=str)
    for name in ABOLISHED:
        assert name not in text, name
    bodies = municipalities.national()
    for entry in outdated:
        assert entry["name"] in ABOLISHED + ["Det Sociale Nævn"], entry["name"]
        assert entry["current"] in bodies


@pytest.mark.parametrize("path", DATA, ids=lambda p: p.stem)
def test_an_outdated_name_is_quoted_from_the_source(path):
    m = municipalities.load_file(path)
    source = _normalise((SOURCES / m.source_file).read_text())
    for entry in m.complaints.outdated_names:
        assert entry.name in source, entry.name


@pytest.mark.parametrize("path", DATA, ids=lambda p: p.stem)
def test_domain_deadlines_are_the_contract(path):
    m = municipalities.load_file(path)
    expected = {
        "glostrup": {"response": (10, "hverdage"), "start": (20, "hverdage"), "complaint": (4, "uger")},
        "herlev": {"response": (10, "hverdage"), "start": (14, "dage"), "complaint": (4, "uger")},
        "ballerup": {"response": (14, "dage"), "start": (None, None), "complaint": (4, "uger")},
        "koebenhavn": {"response": (14, "dage"), "start": (7, "dage"), "complaint": (4, "uger")},
    }[m.id]
    for kind, (count, unit) in expected.items():
        deadline = getattr(m.deadlines, kind)
        assert (deadline.count, deadline.unit) == (count, unit), kind


def test_a_broken_file_is_refused_with_the_field_named():
    raw = tomllib.loads((municipalities.DATA_DIR / "glostrup.toml").read_text())
    raw["deadlines"]["response"]["unit"] = "måneder"
    with pytest.raises(ValidationError) as error:
        Municipality.model_validate(raw)
    assert "deadlines.response.unit" in str(error.value)


def test_a_complaint_body_must_point_to_a_known_contact():
    raw = tomllib.loads((municipalities.DATA_DIR / "glostrup.toml").read_text())
    raw["complaints"]["training_provider"] = "nowhere"
    with pytest.raises(ValidationError):
        Municipality.model_validate(raw)


def test_national_bodies_have_current_names():
    bodies = municipalities.national()
    assert bodies["ankestyrelsen"].address == "7998 Statsservice"
    assert bodies["ankestyrelsen"].email == "ast@ast.dk"
    assert bodies["styrelsen_for_patientklager"].address == "Lyseng Allé 1, 8270 Højbjerg"
    assert bodies["styrelsen_for_patientklager"].phone == "72 33 05 00"
    assert bodies["patienterstatningen"].web == "https://patienterstatningen.dk"
