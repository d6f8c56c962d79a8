"""The answers as rows of question and answer: for Tjek dine svar (with Ret
links), the receipt, the citizen's case page and the visitator's view."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext, lazy_gettext as _l

from portal import i18n, municipalities
from portal.auth import cpr as cpr_rules

from . import questions as q
from .flow import FULDMAGT, RELATIVE_DECLARED, level_page

# The heading of each page, which is also its question on Tjek dine svar.
QUESTIONS = {
    "hvem": _l("Hvem søger du om træning for?"),
    "borger": _l("Hvem søger du for?"),
    "kommune": _l("Hvilken kommune bor personen i?"),
    "erklaering": _l("Har personen givet dig lov til at søge?"),
    "behov": _l("Hvad vil du søge om?"),
    "sygehus": _l("Er du eller har du været indlagt på sygehus for det, du søger træning for?"),
    "vejledning": _l("Det siger kommunens regler"),
    "hvad-skete": _l("Hvad er der sket?"),
    "aktiviteter": _l("Hvilke daglige aktiviteter er blevet svære for dig?"),
    "niveau": _l("Hvor meget hjælp har du brug for?"),
    "maal": _l("Hvad vil du gerne kunne igen?"),
    "praktisk": _l("Har du brug for noget af det her?"),
    "samtykke": _l("Må kommunen hente oplysninger om dig?"),
    "bisidder": _l("Vil du have en bisidder med til samtalen med kommunen?"),
    "kontakt": _l("Hvordan vil du kontaktes?"),
}


@dataclass
class Row:
    question: str
    answer: list[str] = field(default_factory=list)
    page: str | None = None  # the page to change it on (Tjek dine svar)


def _date(value: str | None) -> str:
    if not value:
        return gettext("Ikke oplyst")
    try:
        return i18n.long_date(date.fromisoformat(value))
    except ValueError:
        return gettext("Ikke oplyst")


def who_rows(answers: dict, *, applied_as: str, citizen_name: str, municipality_id: str | None,
             asks_municipality: bool) -> list[Row]:
    rows: list[Row] = []
    if applied_as == FULDMAGT:
        rows.append(Row(str(QUESTIONS["hvem"]), [gettext("%(name)s. Du søger med din fuldmagt.", name=citizen_name)]))
    elif applied_as == RELATIVE_DECLARED:
        rows.append(Row(str(QUESTIONS["hvem"]), [gettext("En anden")], "hvem"))
        cpr = answers.get("citizen_cpr")
        masked = cpr_rules.mask(cpr) if cpr else ""
        rows.append(Row(str(QUESTIONS["borger"]), [citizen_name, masked], "borger"))
    else:
        rows.append(Row(str(QUESTIONS["hvem"]), [gettext("Mig selv")], "hvem"))
    if asks_municipality and municipality_id:
        rows.append(Row(str(QUESTIONS["kommune"]), [municipalities.get(municipality_id).name], "kommune"))
    if applied_as == RELATIVE_DECLARED:
        rows.append(Row(str(QUESTIONS["erklaering"]), [gettext("Ja, jeg har erklæret, at personen har givet mig lov.")], "erklaering"))
    return rows


def answer_rows(answers: dict) -> list[Row]:
    """The application's answers, page by page, in the order they were asked."""
    rows = [
        Row(str(QUESTIONS["behov"]), [q.label(q.ONSET_BY_ID, answers.get("onset"))], "behov"),
        Row(str(QUESTIONS["sygehus"]), [q.label(q.HOSPITAL_BY_ID, answers.get("hospital"))], "sygehus"),
        Row(str(QUESTIONS["hvad-skete"]), [answers.get("what_happened", "")], "hvad-skete"),
        Row(gettext("Hvornår skete det, eller hvornår begyndte det?"), [_date(answers.get("happened_on"))], "hvad-skete"),
    ]
    activities = [a for a in answers.get("activities") or [] if a in q.ACTIVITY_BY_ID]
    if activities:
        rows.append(Row(str(QUESTIONS["aktiviteter"]), [q.label(q.ACTIVITY_BY_ID, a) for a in activities], "aktiviteter"))
        levels = answers.get("levels") or {}
        for index, activity in enumerate(activities, start=1):
            level = q.LEVEL_BY_VALUE.get(levels.get(activity))
            rows.append(Row(
                q.label(q.ACTIVITY_BY_ID, activity),
                [str(level.title), str(level.description)] if level else [gettext("Ikke besvaret")],
                level_page(index),
            ))
    else:
        rows.append(Row(str(QUESTIONS["aktiviteter"]), [gettext("Ingen af dem")], "aktiviteter"))
    rows.append(Row(str(QUESTIONS["maal"]), [answers.get("goal", "")], "maal"))
    needs = [n for n in answers.get("needs") or [] if n in q.NEED_BY_ID]
    need_lines = [q.label(q.NEED_BY_ID, n) for n in needs] or [gettext("Nej, ingen af dem")]
    if "interpreter" in needs and answers.get("interpreter_language"):
        need_lines.append(gettext("Tolk på: %(language)s", language=answers["interpreter_language"]))
    rows.append(Row(str(QUESTIONS["praktisk"]), need_lines, "praktisk"))
    rows.append(Row(str(QUESTIONS["samtykke"]), consent_lines(answers.get("consents") or []), "samtykke"))
    rows.append(Row(str(QUESTIONS["bisidder"]), [q.label(q.BISIDDER_BY_ID, answers.get("bisidder"))], "bisidder"))
    contact = [q.label(q.CONTACT_BY_ID, answers.get("contact_method"))]
    if answers.get("phone"):
        contact.append(gettext("Telefon: %(phone)s", phone=answers["phone"]))
    if answers.get("email"):
        contact.append(gettext("E-mail: %(email)s", email=answers["email"]))
    contact.append(q.label(q.CONTACT_TIME_BY_ID, answers.get("contact_time")))
    rows.append(Row(str(QUESTIONS["kontakt"]), contact, "kontakt"))
    return rows


def consent_lines(chosen: list[str]) -> list[str]:
    given = [source for source in chosen if source in q.CONSENT_BY_ID]
    if not given:
        return [gettext("Nej. Kommunen træffer afgørelsen på de oplysninger, den har.")]
    lines = []
    for source in q.CONSENT_SOURCES:
        if source.id in given:
            lines.append(gettext("%(source)s: ja", source=source.label))
        else:
            lines.append(gettext("%(source)s: nej", source=source.label))
    return lines
