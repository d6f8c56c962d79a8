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
    "plan": _l("Har du fået en genoptræningsplan fra sygehuset?"),
    "henvisning": _l("Har din læge henvist dig til vederlagsfri fysioterapi?"),
    "pleje": _l("Har du brug for pleje og omsorg for at klare din hverdag?"),
    "maalgruppe": _l("Hvorfor har du brug for træning?"),
    "forloeb": _l("Har du haft et forløb med vedligeholdende træning i kommunen?"),
    "forloeb-slut": _l("Hvornår sluttede dit sidste forløb med vedligeholdende træning?"),
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
    rows = [Row(str(QUESTIONS["behov"]), [q.label(q.ONSET_BY_ID, answers.get("onset"))], "behov")]
    rows += fact_rows(answers)
    rows += [
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
    if answers.get("contact_method") == "phone" and answers.get("contact_time"):
        contact.append(q.label(q.CONTACT_TIME_BY_ID, answers.get("contact_time")))
    rows.append(Row(str(QUESTIONS["kontakt"]), contact, "kontakt"))
    return rows


_FACT_ROWS = (
    ("sygehus", "hospital", q.HOSPITAL_BY_ID),
    ("plan", "has_plan", q.PLAN_BY_ID),
    ("henvisning", "referral", q.YES_NO_BY_ID),
    ("pleje", "care", q.CARE_BY_ID),
    ("maalgruppe", "group", q.GROUP_BY_ID),
    ("forloeb", "had_course", q.YES_NO_BY_ID),
)


def fact_rows(answers: dict) -> list[Row]:
    """The routing questions this applicant was asked (DOMAIN.md §9), and only those."""
    rows = []
    for page, key, table in _FACT_ROWS:
        if key in answers:
            rows.append(Row(str(QUESTIONS[page]), [q.label(table, answers.get(key))], page))
    if answers.get("had_course") == "yes":
        rows.append(Row(str(QUESTIONS["forloeb-slut"]), [_date(answers.get("last_course"))], "forloeb-slut"))
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


def routing_lines(answers: dict, m) -> list[str]:
    """What the routing rules said when the application was sent, for the visitator."""
    from portal.guide.presenters import law_name
    from portal.rules.ages import age_on

    routing = answers.get("routing") or {}
    if not routing:
        return []
    lines = []
    facts = routing.get("facts") or {}
    on = _iso(routing.get("on"))
    born = _iso(facts.get("born"))
    if born and on and born <= on:
        lines.append(gettext("Alder, da ansøgningen blev sendt: %(age)d år (fra cpr-nummeret).", age=age_on(born, on)))
    outcome = routing.get("outcome")
    if outcome == "apply":
        lines.append(gettext("Reglernes svar: Borgeren kan søge her (%(law)s).", law=law_name(routing.get("law"))))
    elif outcome:
        route = m.route(routing.get("route")) if routing.get("route") else None
        where = route.title if route else outcome
        lines.append(gettext("Reglernes svar: %(where)s. Borgeren valgte at søge alligevel.", where=where))
    earliest = _iso(routing.get("earliest"))
    interval = m.eligibility.maintenance_interval
    if earliest and interval:
        ended = _iso(facts.get("last_course"))
        lines.append(gettext(
            "Sidste vedligeholdende forløb sluttede %(ended)s. Der skal gå mindst %(months)d måneder mellem to forløb, så tidligst %(date)s.",
            ended=i18n.long_date(ended) if ended else gettext("Ikke oplyst"), months=interval.months,
            date=i18n.long_date(earliest)))
    elif interval and "last_course" in facts:
        if facts.get("last_course"):
            lines.append(gettext("Sidste vedligeholdende forløb sluttede %(ended)s, mindst %(months)d måneder før.",
                                 ended=i18n.long_date(_iso(facts["last_course"])), months=interval.months))
        else:
            lines.append(gettext("Borgeren har ikke haft et forløb med vedligeholdende træning før."))
    return lines


def _iso(value):
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def response_promise(case, m, *, for_citizen: bool) -> dict:
    """The municipality's first promise on a case, the same way on every page:
    the concrete date, the rule, and what the count starts from. A relative's
    application waits for the citizen: the count starts at the confirmation
    (DOMAIN.md §3), so the date shown is the one a confirmation today gives."""
    from portal import clock
    from portal.municipalities import wording

    response = m.promise("response", case.law)
    if response is None:
        return {"promise": None, "rule": "", "counted_from": gettext("Kvalitetsstandarden lover ingen frist for dette tilbud.")}
    about = None if for_citizen else case.citizen.name
    if case.awaiting_confirmation:
        counted = (gettext("Fristen regnes fra den dag, du bekræfter ansøgningen. Datoen gælder, hvis du bekræfter den i dag.")
                   if for_citizen else
                   gettext("Fristen regnes fra den dag, %(name)s bekræfter ansøgningen. Datoen gælder, hvis %(name)s bekræfter den i dag.",
                           name=case.citizen.name))
        return {"promise": wording.deadline_promise(response, clock.today(), about=about),
                "rule": wording.deadline_rule(response), "counted_from": counted}
    start = case.confirmed_at or case.received_at
    counted = (gettext("Fristen regnes fra %(when)s, da %(name)s bekræftede ansøgningen.", when=i18n.long_date(start), name=case.citizen.name)
               if case.confirmed_at else gettext("Fristen regnes fra %(when)s, da kommunen modtog ansøgningen.", when=i18n.long_date(start)))
    return {"promise": wording.deadline_promise(response, start.date(), about=about), "rule": wording.deadline_rule(response),
            "counted_from": counted}
