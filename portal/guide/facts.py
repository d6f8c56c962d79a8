"""The facts of DOMAIN.md §9 as the guide and the application ask them: which
page asks which fact, how a stored answer becomes a fact, and the walk over
the rules that says which pages this person and municipality need.

Answers are stored under the keys the application has always used
("onset": sudden | lasting, "hospital": now | before | no), so cases sent
before the routing rules keep their meaning."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal.municipalities.schema import Municipality
from portal.rules import routing
from portal.rules.routing import UNKNOWN, Fact

HOSPITAL_FACT = {"no": "no", "now": "admitted", "before": "discharged"}
NEED_FACT = {"sudden": "regain", "lasting": "maintain"}
YES_NO = {"yes": True, "no": False}
PLAN_FACT = {"yes": True, "no": False, "unsure": False}  # unsure: ask the ward or own doctor (row 4)
GROUPS = ("handicap", "sindslidelse", "misbrug", "none")

# The answer key each page stores; the pages that ask each fact, in order.
BORN_PAGE = "foedselsdato"
FACT_PAGES: dict[Fact, tuple[str, ...]] = {
    Fact.BORN: (BORN_PAGE,),
    Fact.HOSPITAL: ("sygehus",),
    Fact.NEED: ("behov",),
    Fact.PLAN: ("plan",),
    Fact.REFERRAL: ("henvisning",),
    Fact.CARE: ("pleje",),
    Fact.GROUP: ("maalgruppe",),
    Fact.LAST_COURSE: ("forloeb", "forloeb-slut"),
}
PAGE_KEYS = {
    BORN_PAGE: ("born",), "sygehus": ("hospital",), "behov": ("onset",), "plan": ("has_plan",),
    "henvisning": ("referral",), "pleje": ("care",), "maalgruppe": ("group",),
    "forloeb": ("had_course",), "forloeb-slut": ("last_course",),
}
FACT_KEYS = ("born", "hospital", "onset", "has_plan", "referral", "care", "group", "had_course", "last_course")


def _iso(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def fact_value(fact: Fact, answers: dict):
    """The fact as the stored answers give it, or UNKNOWN."""
    if fact is Fact.BORN:
        return _iso(answers.get("born")) or UNKNOWN
    if fact is Fact.HOSPITAL:
        return HOSPITAL_FACT.get(answers.get("hospital"), UNKNOWN)
    if fact is Fact.NEED:
        return NEED_FACT.get(answers.get("onset"), UNKNOWN)
    if fact is Fact.PLAN:
        return PLAN_FACT.get(answers.get("has_plan"), UNKNOWN)
    if fact is Fact.REFERRAL:
        return YES_NO.get(answers.get("referral"), UNKNOWN)
    if fact is Fact.CARE:
        return YES_NO.get(answers.get("care"), UNKNOWN)
    if fact is Fact.GROUP:
        return answers.get("group") if answers.get("group") in GROUPS else UNKNOWN
    if fact is Fact.LAST_COURSE:
        if answers.get("had_course") == "no":
            return None
        if answers.get("had_course") == "yes":
            return _iso(answers.get("last_course")) or UNKNOWN
        return UNKNOWN
    raise KeyError(fact)


def page_answered(page: str, answers: dict) -> bool:
    if page == "forloeb":
        return answers.get("had_course") in ("yes", "no")
    fact = next(fact for fact, pages in FACT_PAGES.items() if page in pages)
    return fact_value(fact, answers) is not UNKNOWN


@dataclass
class Route:
    """The walk for one person: the fact pages asked, and the decision when
    every fact it needs is answered (else `next_pages`, the pages to ask next)."""

    asked: list[Fact]
    pages: list[str]
    decision: routing.Decision | None
    facts: routing.Facts


def walk(m: Municipality, answers: dict, *, on: date, born: date | None = None,
         first: tuple[Fact, ...] = ()) -> Route:
    """The fact pages for these answers. `born` comes from a CPR number when the
    portal knows it (never asked then); `first` are facts asked up front
    whatever the rows need (the application asks what you apply for first)."""
    known = routing.Facts(born=born) if born is not None else routing.Facts()
    pages: list[str] = []
    asked: list[Fact] = []
    for fact in first:
        value = fact_value(fact, answers)
        pages += _pages_for(fact, answers)
        if value is UNKNOWN:
            return Route(asked, pages, None, known)
        asked.append(fact)
        known = known.with_fact(fact, value)

    def answer(fact: Fact):
        return fact_value(fact, answers)

    result = routing.walk(m.routing, known, answer, on)
    for fact in result.asked:
        pages += _pages_for(fact, answers)
    if result.next_fact is not None:
        pages += _pages_for(result.next_fact, answers)
    facts = known
    for fact in result.asked:
        facts = facts.with_fact(fact, fact_value(fact, answers))
    return Route(asked + result.asked, pages, result.decision, facts)


def _pages_for(fact: Fact, answers: dict) -> list[str]:
    if fact is Fact.LAST_COURSE:
        return ["forloeb", "forloeb-slut"] if answers.get("had_course") == "yes" else ["forloeb"]
    return list(FACT_PAGES[fact])


def keys_for(pages: list[str]) -> set[str]:
    return {key for page in pages for key in PAGE_KEYS.get(page, ())}


def stored_facts(route: Route) -> dict:
    """The facts and the rules' answer, as the case keeps them for the visitator."""
    facts = {}
    for fact in Fact:
        value = getattr(route.facts, fact.value)
        if value is UNKNOWN:
            continue
        facts[fact.value] = value.isoformat() if isinstance(value, date) else value
    decision = route.decision
    return {
        "facts": facts,
        "asked": [fact.value for fact in route.asked],
        "outcome": decision.outcome.value if decision else None,
        "law": decision.law if decision else None,
        "apply_here": decision.apply_here if decision else None,
        "earliest": decision.earliest.isoformat() if decision and decision.earliest else None,
        "route": decision.route_id if decision else None,
    }
