"""The shape of a municipality data file, checked at start-up and by a test.

Every fact carries a `source`: the section heading of the municipality's
kvalitetsstandard it came from (or a note saying it is current law from
DOMAIN.md, where the old document is out of date). Contact details a source
does not give are empty strings: never invented.
"""

from __future__ import annotations

import re
from datetime import time
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from portal.rules import routing
from portal.rules.cancellation import CancellationPolicy
from portal.rules.deadlines import DeadlineRule, Unit

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
Law = Literal["sel_86_1", "sel_86_2", "sundl_140", "sundl_140a"]
Form = Literal["hold", "individuel", "hjemme", "bassin", "døgn"]
Need = Literal["regain", "maintain"]
TargetGroupId = Literal["handicap", "sindslidelse", "misbrug"]
ComplaintSubject = Literal["decision", "case_handling", "delivery", "treatment", "compensation"]

# What a deadline promises and what it counts from; the wording lives in
# portal/municipalities/wording.py so it goes through Babel.
DeadlineEvent = Literal[
    "decision", "contact_visitation", "letter", "handled", "training_start",
    "provider_contact", "complaint", "reconsideration_answer", "upheld_answer",
]
DeadlineAfter = Literal[
    "application_received", "henvendelse", "decision", "decision_received",
    "visitation_visit", "complaint_received", "provider_received_decision",
    "plan_received", "referral_received",
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    section: str = Field(min_length=1)  # heading in the source document
    file: str = ""  # defaults to the municipality's own source file
    note: str = ""  # e.g. why current law overrides the document


ComplaintSubject = Literal["decision", "case_handling", "delivery", "treatment", "compensation"]


class Note(Strict):
    text: str = Field(min_length=1)
    text_en: str = ""  # the portal's English rendering, for the English pages (the Danish text is the source's)
    # A complaint note: what it is about (empty: every kind of complaint), and
    # whether it only says again what the route itself says (then the letter
    # and the route page leave it out; the municipality page quotes it).
    about: list[ComplaintSubject] = []
    restates_route: bool = False
    source: Source


class Contact(Strict):
    id: Slug
    name: str = Field(min_length=1)
    role: str = ""  # what this contact does, in Danish
    role_en: str = ""  # the same in English, for the English pages
    related: list[str] = []  # contacts shown with this one (København: the districts' e-mails)
    address: str = ""
    phone: str = ""
    phone_hours: str = ""
    email: str = ""
    secure_email: str = ""
    web: str = ""
    source: Source


class Offer(Strict):
    id: Slug
    name: str = Field(min_length=1)
    laws: list[Law] = Field(min_length=1)
    legal_basis: str = Field(min_length=1)  # as the source writes it
    forms: list[Form] = Field(min_length=1)
    summary: str = Field(min_length=1)
    purpose: list[str] = Field(min_length=1)
    target_group: list[str] = Field(min_length=1)
    not_for: list[str] = []
    included: list[str] = Field(min_length=1)
    not_included: list[str] = []
    frequency: str = ""
    session_minutes: int | None = Field(default=None, gt=0)
    max_sessions: int | None = Field(default=None, gt=0)
    duration: str = ""
    where: str = ""
    provider: str = ""
    cost: str = Field(min_length=1)
    transport: str = ""  # getting there: who arranges and pays (empty where the source says nothing)
    citizen_obligations: list[str] = []
    source: Source


class RouteCondition(Strict):
    """One way the data routes a person elsewhere; every field given must hold."""

    needs: list[Need] = []  # empty: either need
    min_age: int | None = Field(default=None, ge=1)  # whole years, at least ("over 65" is 66)
    from_pension_age: bool = False  # at or over folkepensionsalder
    care: bool = False  # needs pleje og omsorg for daily life
    outside_target_groups: bool = False  # not in eligibility.target_group

    @model_validator(mode="after")
    def _says_something(self) -> "RouteCondition":
        if not (self.needs or self.min_age or self.from_pension_age or self.care or self.outside_target_groups):
            raise ValueError("a condition must name at least one fact")
        return self


class OtherRoute(Strict):
    """Where the guide sends someone this municipality's § 86 offers are not for
    (DOMAIN.md §9 rows 6 and 7): any condition in `when` routes the person."""

    id: Slug
    outcome: Literal["helhedspleje", "other_administration"]
    law: Literal["aeldrel_9_10"] | None = None  # None: the § 86 law of the need
    when: list[RouteCondition] = Field(min_length=1)
    title: str = Field(min_length=1)
    legal_basis: str = ""
    reason: str = Field(min_length=1)  # why, in Danish, as the source says it
    what_next: str = Field(min_length=1)  # what the person does now, in Danish
    contact: Slug  # a contact id: who to turn to
    source: Source


class TargetGroup(Strict):
    groups: list[TargetGroupId] = Field(min_length=1)
    text: str = Field(min_length=1)
    source: Source


class CourseInterval(Strict):
    """The least time between two vedligeholdende courses."""

    months: int = Field(gt=0)
    text: str = Field(min_length=1)  # the warning, in Danish
    source: Source


class Eligibility(Strict):
    notes: list[Note] = Field(min_length=1)
    target_group: TargetGroup | None = None
    maintenance_interval: CourseInterval | None = None
    other_routes: list[OtherRoute] = []


class HospitalPlan(Strict):
    """Genoptræning after discharge with a genoptræningsplan (sundhedsloven § 140)."""

    contact: Slug  # who the plan goes to and who contacts the person
    free_choice: bool = False  # the person may choose another municipality's offer
    text: str = Field(min_length=1)
    source: Source


class Vederlagsfri(Strict):
    """Vederlagsfri fysioterapi (sundhedsloven § 140a) as the source describes it."""

    offer: str = ""  # an offer id, where the catalogue has one
    text: str = Field(min_length=1)
    source: Source


class OtherHelp(Strict):
    """Help that is not § 86 but that the standard describes for the same people
    (DOMAIN.md §9): shown with its contact, never applied for through the § 86 form."""

    id: Slug
    name: str = Field(min_length=1)
    legal_basis: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    target_group: list[str] = Field(min_length=1)
    cost: str = Field(min_length=1)
    transport: str = ""
    contact: Slug
    source: Source


class Duty(Strict):
    """What the municipality expects of the citizen, and what follows if not."""

    text: str = Field(min_length=1)
    consequence: str = ""
    source: Source


class OutdatedName(Strict):
    """A body the source names that is no longer the one: said next to the current body."""

    name: str = Field(min_length=1)  # as the source writes it
    about: ComplaintSubject
    current: Slug  # the current body's id (national.toml)
    source: Source


class Deadline(Strict):
    count: int | None = Field(default=None, gt=0)  # None: "as soon as possible"
    unit: Literal["hverdage", "dage", "uger"] | None = None
    event: DeadlineEvent
    after: DeadlineAfter
    applies_to: str = ""  # e.g. "§ 86" or "genoptræningsplan efter sundhedsloven § 140"
    laws: list[Law] = []  # the offers whose section gives the promise; empty: every § 86 offer
    source: Source

    @model_validator(mode="after")
    def _count_and_unit_together(self) -> "Deadline":
        if (self.count is None) != (self.unit is None):
            raise ValueError("count and unit must both be given or both left out")
        return self

    @property
    def rule(self) -> DeadlineRule:
        return DeadlineRule(self.count, Unit(self.unit) if self.unit else None)


class Deadlines(Strict):
    response: Deadline
    start: Deadline
    complaint: Deadline
    provider_contact: Deadline | None = None
    reconsideration: Deadline | None = None
    hospital_plan_response: Deadline | None = None  # § 140: after the plan is received
    referral_response: Deadline | None = None  # § 140a: after the referral is received


class Cancellation(Strict):
    same_day_deadline: time = time(8, 0)
    other_deadline: time = time(12, 0)
    other_days_before: int = Field(default=1, ge=0)
    replacement_when_on_time: bool = True
    no_show_limit: int = Field(default=2, ge=0)
    late_arrival_minutes: int = Field(default=30, gt=0)
    moving_allowed: bool = True
    municipality_change_notice: str = ""  # what the municipality promises when it changes a time
    source: Source

    @property
    def policy(self) -> CancellationPolicy:
        return CancellationPolicy(
            same_day_deadline=self.same_day_deadline,
            other_deadline=self.other_deadline,
            other_days_before=self.other_days_before,
            replacement_when_on_time=self.replacement_when_on_time,
            no_show_limit=self.no_show_limit,
            late_arrival_minutes=self.late_arrival_minutes,
        )


class OralComplaint(Strict):
    phone: str = ""
    hours: str = ""
    source: Source


class Complaints(Strict):
    # Contact ids of the municipal bodies in DOMAIN.md §7.
    municipality_visitation: str
    training_provider: str
    provider_leader: str = Field(min_length=1)  # who at the provider, e.g. "lederen af træningscentret"
    oral: OralComplaint
    notes: list[Note] = []
    outdated_names: list[OutdatedName] = []


class Municipality(Strict):
    id: Slug
    name: str = Field(min_length=1)  # "Glostrup Kommune"
    short_name: str = Field(min_length=1)  # "Glostrup"
    authority: str = ""  # the part of the municipality that runs this, if named
    source_file: str = Field(min_length=1)
    source_title: str = Field(min_length=1)
    source_year: str = ""
    offers: list[Offer] = Field(min_length=1)
    eligibility: Eligibility
    deadlines: Deadlines
    cancellation: Cancellation
    contacts: list[Contact] = Field(min_length=1)
    complaints: Complaints
    hospital_plan: HospitalPlan | None = None
    vederlagsfri: Vederlagsfri | None = None
    other_help: list[OtherHelp] = []
    duties: list[Duty] = []

    @field_validator("source_file")
    @classmethod
    def _plain_file_name(cls, value: str) -> str:
        if not re.fullmatch(r"[a-z0-9-]+\.txt", value):
            raise ValueError("source_file is a file name in portal/municipalities/sources/")
        return value

    @model_validator(mode="after")
    def _references_resolve(self) -> "Municipality":
        contact_ids = [c.id for c in self.contacts]
        if len(set(contact_ids)) != len(contact_ids):
            raise ValueError("contact ids must be unique")
        offer_ids = [o.id for o in self.offers]
        if len(set(offer_ids)) != len(offer_ids):
            raise ValueError("offer ids must be unique")
        for contact in self.contacts:
            for ref in contact.related:
                if ref not in contact_ids:
                    raise ValueError(f"contact {contact.id!r} relates to unknown contact {ref!r}")
        for ref in (self.complaints.municipality_visitation, self.complaints.training_provider):
            if ref not in contact_ids:
                raise ValueError(f"complaints refers to unknown contact {ref!r}")
        refs = [route.contact for route in self.eligibility.other_routes] + [h.contact for h in self.other_help]
        if self.hospital_plan is not None:
            refs.append(self.hospital_plan.contact)
        for ref in refs:
            if ref not in contact_ids:
                raise ValueError(f"refers to unknown contact {ref!r}")
        if self.vederlagsfri is not None and self.vederlagsfri.offer and self.vederlagsfri.offer not in offer_ids:
            raise ValueError(f"vederlagsfri refers to unknown offer {self.vederlagsfri.offer!r}")
        route_ids = [route.id for route in self.eligibility.other_routes]
        if len(set(route_ids)) != len(route_ids):
            raise ValueError("route ids must be unique")
        uses_groups = any(c.outside_target_groups for r in self.eligibility.other_routes for c in r.when)
        if uses_groups and self.eligibility.target_group is None:
            raise ValueError("a route outside the target groups needs eligibility.target_group")
        return self

    @property
    def routing(self) -> routing.Policy:
        """The facts of this file the routing rules need (portal/rules/routing.py)."""
        e = self.eligibility
        routes = tuple(
            routing.Elsewhere(
                id=r.id, outcome=routing.Outcome(r.outcome), law=r.law, source=r.source,
                when=tuple(routing.Condition(
                    needs=frozenset(c.needs), min_age=c.min_age, from_pension_age=c.from_pension_age,
                    care=c.care, outside_target_groups=c.outside_target_groups) for c in r.when),
            )
            for r in e.other_routes
        )
        return routing.Policy(
            routes=routes,
            target_groups=frozenset(e.target_group.groups) if e.target_group else frozenset(),
            target_groups_source=e.target_group.source if e.target_group else None,
            interval_months=e.maintenance_interval.months if e.maintenance_interval else None,
            interval_source=e.maintenance_interval.source if e.maintenance_interval else None,
        )

    def route(self, route_id: str) -> OtherRoute | None:
        return next((r for r in self.eligibility.other_routes if r.id == route_id), None)

    def promise(self, kind: str, law: str | None) -> Deadline | None:
        """The deadline `kind` where it applies to `law` (a promise belongs to the
        offer its section describes), else None."""
        deadline = getattr(self.deadlines, kind)
        if deadline is None or (deadline.laws and law not in deadline.laws):
            return None
        return deadline

    def complaint_notes(self, subject: str) -> list[Note]:
        """The municipality's own notes that add something to the route of this kind of complaint."""
        return [note for note in self.complaints.notes
                if (not note.about or subject in note.about) and not note.restates_route]

    def offers_for(self, law: str) -> list[Offer]:
        return [offer for offer in self.offers if law in offer.laws]

    def contact(self, contact_id: str) -> Contact:
        for contact in self.contacts:
            if contact.id == contact_id:
                return contact
        raise KeyError(contact_id)

    def offer(self, offer_id: str) -> Offer | None:
        for offer in self.offers:
            if offer.id == offer_id:
                return offer
        return None


class NationalBody(Strict):
    id: Slug
    name: str
    role: str = ""
    role_en: str = ""
    address: str = ""
    phone: str = ""
    phone_hours: str = ""
    email: str = ""
    secure_email: str = ""
    web: str = ""
    how: str = ""  # how the citizen complains there
    how_en: str = ""
    form: str = ""  # where the complaint or application form is, when it is not on the body's own site
    source: Source


class National(Strict):
    bodies: list[NationalBody]
