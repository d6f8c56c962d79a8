"""The pages of the application: which apply to whom, which are answered, and
where to go next. One question per page; the answers live in the draft."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable

from flask_babel import lazy_gettext as _l

from portal import municipalities
from portal.auth import cpr as cpr_rules
from portal.auth.models import Person
from portal.guide import facts as guide_facts
from portal.guide import forms as guide_forms
from portal.rules.routing import ROUTED_OUTCOMES, Fact, Outcome

# The draft keeps which answers came from the guide: those questions are not asked again.
FROM_GUIDE = "from_guide"

from . import forms
from . import questions as q

SELF = "self"
FULDMAGT = "fuldmagt"
RELATIVE_DECLARED = "relative_declared"

SECTIONS: tuple[tuple[str, object], ...] = (
    ("who", _l("Hvem søger")),
    ("situation", _l("Din situation")),
    ("daily", _l("Din hverdag")),
    ("practical", _l("Praktiske behov")),
    ("consent", _l("Samtykke")),
    ("contact", _l("Samtale og kontakt")),
    ("check", _l("Tjek og send")),
)

CHECK = "tjek"


@dataclass(frozen=True)
class PageDef:
    id: str
    section: str
    form: type
    done: Callable[["Flow"], bool]


def _valid(table: dict, key: str) -> Callable[["Flow"], bool]:
    return lambda flow: flow.answers.get(key) in table


def _present(key: str) -> Callable[["Flow"], bool]:
    return lambda flow: bool(flow.answers.get(key))


PAGES: dict[str, PageDef] = {page.id: page for page in (
    PageDef("hvem", "who", forms.WhoForm, lambda flow: flow.answers.get("who") in ("self", "relative")),
    PageDef("borger", "who", forms.CitizenForm,
            lambda flow: bool(flow.answers.get("citizen_cpr") and flow.answers.get("citizen_name"))),
    PageDef("kommune", "who", forms.MunicipalityForm,
            lambda flow: flow.answers.get("municipality_id") in municipalities.all_municipalities()),
    PageDef("erklaering", "who", forms.DeclarationForm, lambda flow: flow.answers.get("declared") is True),
    PageDef("behov", "situation", forms.OnsetForm, _valid(q.ONSET_BY_ID, "onset")),
    PageDef("sygehus", "situation", forms.HospitalForm, _valid(q.HOSPITAL_BY_ID, "hospital")),
    *(PageDef(page, "situation", guide_forms.FACT_FORMS[page],
              lambda flow, page=page: guide_facts.page_answered(page, flow.answers))
      for page in ("plan", "henvisning", "pleje", "maalgruppe", "forloeb", "forloeb-slut")),
    PageDef("vejledning", "situation", forms.GuidanceForm, lambda flow: flow.guidance_done),
    PageDef("hvad-skete", "situation", forms.HappenedForm, _present("what_happened")),
    PageDef("aktiviteter", "daily", forms.ActivitiesForm, _present("activities")),
    PageDef("niveau", "daily", forms.LevelForm, lambda flow: True),  # one page per activity, see Flow
    PageDef("maal", "daily", forms.GoalForm, _present("goal")),
    PageDef("praktisk", "practical", forms.NeedsForm, _present("needs")),
    PageDef("samtykke", "consent", forms.ConsentForm, _present("consents")),
    PageDef("bisidder", "contact", forms.BisidderForm, _valid(q.BISIDDER_BY_ID, "bisidder")),
    PageDef("kontakt", "contact", forms.ContactForm,
            lambda flow: flow.answers.get("contact_method") in q.CONTACT_BY_ID
            and (flow.answers.get("contact_method") != "phone" or flow.answers.get("contact_time") in q.CONTACT_TIME_BY_ID)),
)}


def level_page(index: int) -> str:
    """Activity pages are numbered, so no URL says which activity is hard."""
    return f"niveau-{index}"


class Flow:
    """The application's pages for this applicant and these answers."""

    def __init__(self, answers: dict, *, author: Person, acting_for: Person | None, today: date):
        self.answers = answers
        self.author = author
        self.acting_for = acting_for
        self.today = today

    # --------------------------------------------------------- who it is for
    @property
    def applied_as(self) -> str:
        if self.acting_for is not None:
            return FULDMAGT
        return RELATIVE_DECLARED if self.answers.get("who") == "relative" else SELF

    @property
    def known_citizen(self) -> Person | None:
        """The citizen when the portal knows them: oneself or the fuldmagt's grantor."""
        if self.acting_for is not None:
            return self.acting_for
        return None if self.applied_as == RELATIVE_DECLARED else self.author

    @property
    def citizen_name(self) -> str:
        citizen = self.known_citizen
        return citizen.name if citizen else self.answers.get("citizen_name", "")

    @property
    def municipality_id(self) -> str | None:
        citizen = self.known_citizen
        if citizen is not None and citizen.municipality_id in municipalities.all_municipalities():
            return citizen.municipality_id
        value = self.answers.get("municipality_id")
        return value if value in municipalities.all_municipalities() else None

    @property
    def municipality(self):
        return municipalities.get(self.municipality_id) if self.municipality_id else None

    @property
    def born(self) -> date | None:
        citizen = self.known_citizen
        digits = citizen.cpr if citizen else self.answers.get("citizen_cpr")
        try:
            return cpr_rules.birth_date(digits) if digits else None
        except cpr_rules.InvalidCpr:
            return None

    def _asks_municipality(self) -> bool:
        # A relative is always asked (so the answer reveals nothing about whether
        # the portal knows the person); a citizen only when the portal lacks it.
        if self.applied_as == RELATIVE_DECLARED:
            return True
        citizen = self.known_citizen
        return citizen is not None and citizen.municipality_id not in municipalities.all_municipalities()

    # ------------------------------------------------------------ guidance
    @property
    def route(self) -> guide_facts.Route | None:
        """The routing rules' walk (DOMAIN.md §9): what the application asks
        first is what the person applies for; the birth date comes from the CPR number."""
        m = self.municipality
        born = self.born
        if m is None or born is None or born > self.today:
            return None
        return guide_facts.walk(m, self.answers, on=self.today, born=born, first=(Fact.NEED,))

    @property
    def decision(self):
        route = self.route
        return route.decision if route else None

    def needs_guidance(self) -> bool:
        decision = self.decision
        return decision is not None and decision.outcome is not Outcome.APPLY

    @property
    def blocked(self) -> bool:
        """An outcome that is not applied for here at all (the hospital, § 140a, children)."""
        decision = self.decision
        return self.needs_guidance() and decision.outcome not in ROUTED_OUTCOMES

    @property
    def guidance_done(self) -> bool:
        decision = self.decision
        if decision is None or decision.outcome is Outcome.APPLY:
            return True
        if decision.outcome not in ROUTED_OUTCOMES:
            return False  # no application here
        return self.answers.get("other_route_ack") == decision.route_id

    @property
    def law(self) -> str | None:
        """The § 86 law applied for: that of the need."""
        return {"sudden": "sel_86_1", "lasting": "sel_86_2"}.get(self.answers.get("onset"))

    # -------------------------------------------------------------- pages
    def pages(self) -> list[str]:
        ids: list[str] = []
        if self.acting_for is None:
            ids.append("hvem")
        if self.applied_as == RELATIVE_DECLARED:
            ids.append("borger")
        if self._asks_municipality():
            ids.append("kommune")
        if self.applied_as == RELATIVE_DECLARED:
            ids.append("erklaering")
        route = self.route
        ids += route.pages if route is not None else ["behov", "sygehus"]
        if self.needs_guidance():
            ids.append("vejledning")
        ids += ["hvad-skete", "aktiviteter"]
        ids += [level_page(n) for n in range(1, len(self.activities) + 1)]
        ids += ["maal", "praktisk", "samtykke", "bisidder", "kontakt"]
        return ids

    @property
    def activities(self) -> list[str]:
        return [a for a in self.answers.get("activities") or [] if a in q.ACTIVITY_BY_ID]

    def activity_for(self, page_id: str) -> str | None:
        if not page_id.startswith("niveau-"):
            return None
        try:
            index = int(page_id.removeprefix("niveau-"))
        except ValueError:
            return None
        activities = self.activities
        return activities[index - 1] if 1 <= index <= len(activities) else None

    def definition(self, page_id: str) -> PageDef | None:
        if page_id.startswith("niveau-"):
            return PAGES["niveau"]
        return PAGES.get(page_id)

    def is_done(self, page_id: str) -> bool:
        activity = self.activity_for(page_id)
        if activity is not None:
            return (self.answers.get("levels") or {}).get(activity) in q.LEVEL_BY_VALUE
        definition = self.definition(page_id)
        return definition is not None and definition.done(self)

    def first_incomplete(self) -> str:
        for page_id in self.pages():
            if not self.is_done(page_id):
                return page_id
        return CHECK

    def reachable(self, page_id: str) -> bool:
        """A page is reachable if it applies and no earlier page is unanswered."""
        pages = self.pages()
        if page_id == CHECK:
            return self.first_incomplete() == CHECK
        if page_id not in pages:
            return False
        stop = self.first_incomplete()
        return stop == CHECK or pages.index(page_id) <= pages.index(stop)

    def previous(self, page_id: str) -> str | None:
        pages = self.pages()
        if page_id == CHECK:
            return pages[-1] if pages else None
        index = pages.index(page_id)
        return pages[index - 1] if index > 0 else None

    def next_after(self, page_id: str) -> str:
        """The next page in order (answered or not), or Tjek dine svar when
        every page is answered, else the first unanswered page. A question
        answered in the guide is not asked again (it shows on Tjek dine svar)."""
        pages = self.pages()
        carried = set(self.answers.get(FROM_GUIDE) or ())
        index = pages.index(page_id) + 1 if page_id in pages else len(pages)
        while index < len(pages) and self._carried(pages[index], carried):
            index += 1
        if index < len(pages):
            return pages[index]
        return self.first_incomplete()

    def _carried(self, page_id: str, carried: set) -> bool:
        keys = guide_facts.PAGE_KEYS.get(page_id)
        return bool(keys) and set(keys) <= carried and self.is_done(page_id)

    def section_of(self, page_id: str) -> str:
        if page_id == CHECK:
            return "check"
        definition = self.definition(page_id)
        return definition.section if definition else "check"

    def steps(self, current_page: str, href: Callable[[str], str]) -> tuple[list[dict], int]:
        """The trinindikator: one step per section that has pages."""
        pages = self.pages()
        stop = self.first_incomplete()
        stop_index = len(pages) if stop == CHECK else pages.index(stop)
        steps, current = [], 1
        for key, title in SECTIONS:
            members = [p for p in pages if self.section_of(p) == key] if key != "check" else [CHECK]
            if not members:
                continue
            first = members[0]
            first_index = len(pages) if first == CHECK else pages.index(first)
            reachable = first_index <= stop_index
            done = all(self.is_done(p) for p in members) if key != "check" else False
            steps.append({"title": title, "href": href(first) if reachable else None,
                          "done": done, "disabled": not reachable})
            if key == self.section_of(current_page):
                current = len(steps)
        return steps, current

    # ------------------------------------------------------------- saving
    def cleaned(self) -> dict:
        """The answers that apply to the pages this applicant sees."""
        answers = dict(self.answers)
        if answers.get(FROM_GUIDE):
            answers[FROM_GUIDE] = [key for key in answers[FROM_GUIDE] if key in answers]
        if self.applied_as != RELATIVE_DECLARED:
            for key in ("citizen_cpr", "citizen_name", "declared"):
                answers.pop(key, None)
            if not self._asks_municipality():
                answers.pop("municipality_id", None)
        if self.acting_for is not None:
            answers.pop("who", None)
        activities = self.activities
        answers["levels"] = {a: v for a, v in (answers.get("levels") or {}).items() if a in activities}
        route = self.route
        if route is not None:
            asked = guide_facts.keys_for(route.pages) | {"onset"}
            for key in guide_facts.FACT_KEYS:
                if key not in asked:
                    answers.pop(key, None)
            decision = route.decision
            if decision is None or decision.outcome not in ROUTED_OUTCOMES:
                answers.pop("other_route_ack", None)
        return answers
