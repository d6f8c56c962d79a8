"""i18n.resolve words a lazy label exactly as str() does, in either language,
and follows a locale forced for a mail."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from portal import i18n
from portal.cases.timeline import STATUS_LABELS, STEP_TITLES
from portal.public.presenters import LAW_LABELS


@pytest.mark.parametrize("language", ["da", "en"])
def test_resolved_labels_read_as_the_lazy_ones(app, language):
    labels = [*STATUS_LABELS.values(), *STEP_TITLES.values(), *LAW_LABELS.values()]
    with app.test_request_context("/", headers={"Cookie": f"sprog={language}"}):
        assert [i18n.resolve(label) for label in labels] == [str(label) for label in labels]
        with force_locale("en" if language == "da" else "da"):
            assert [i18n.resolve(label) for label in labels] == [str(label) for label in labels]
    assert i18n.resolve("plain text") == "plain text"


def test_an_english_label_is_english(app):
    with app.test_request_context("/", headers={"Cookie": "sprog=en"}):
        assert i18n.resolve(STATUS_LABELS["training"]) != "Træning i gang"


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_table_resolved_once_per_request_reads_as_its_lazy_labels(app, language):
    other = "en" if language == "da" else "da"
    with app.test_request_context("/", headers={"Cookie": f"sprog={language}"}):
        assert i18n.resolved(STEP_TITLES) == {key: str(label) for key, label in STEP_TITLES.items()}
        with force_locale(other):  # a mail in the recipient's language, in the middle of a page
            assert i18n.resolved(STEP_TITLES) == {key: str(label) for key, label in STEP_TITLES.items()}
        assert i18n.resolved(STEP_TITLES) == {key: str(label) for key, label in STEP_TITLES.items()}
    with app.test_request_context("/", headers={"Cookie": f"sprog={other}"}):
        assert i18n.resolved(STEP_TITLES) == {key: str(label) for key, label in STEP_TITLES.items()}
