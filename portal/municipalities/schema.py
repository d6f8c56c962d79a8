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

from portal.rules.cancellation import CancellationPolicy
from portal.rules.deadlines import DeadlineRule, Unit

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
Law = Literal["sel_86_1", "sel_86_2", "sundl_140", "sundl_140a"]
Form = Literal["hold", "individuel", "hjemme", "bassin", "døgn"]
AgeBand = Literal["under_18", "18_65", "66_pension", "pension"]
AGE_BANDS: tuple[str, ...] = ("under_18", "18_65", "66_pension", "pension")

# What a deadline promises and what it counts from; the wording lives in
# portal/municipalities/wording.py so it goes through Babel.
DeadlineEvent = Literal[
    "decision", "contact_visitation", "letter", "handled", "training_start",
    "provider_contact", "complaint", "reconsideration_answer",
]
DeadlineAfter = Literal[
    "application_received", "henvendelse", "decision", "decision_received",
    "visitation_visit", "complaint_received", "provider_received_decision",
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    section: str = Field(min_length=1)  # heading in the source document
    file: str = ""  # defaults to the municipality's own source file
    note: str = ""  # e.g. why current law overrides the document


class Note(Strict):
    text: str = Field(min_length=1)
    source: Source


class Contact(Strict):
    id: Slug
    name: str = Field(min_length=1)
    role: str = ""  # what this contact does, in Danish
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
    citizen_obligations: list[str] = []
    source: Source


class OtherRoute(Strict):
    """Where the guide sends someone this municipality's § 86 offers are not for."""

    id: Slug
    age_bands: list[AgeBand] = Field(min_length=1)
    laws: list[Law] = []  # the § 86 offers this route replaces; empty = both
    title: str = Field(min_length=1)
    legal_basis: str = ""
    reason: str = Field(min_length=1)
    contact: str = Field(min_length=1)  # who to contact, in Danish
    source: Source


class Eligibility(Strict):
    served_age_bands: list[AgeBand] = Field(min_length=1)
    notes: list[Note] = Field(min_length=1)
    other_routes: list[OtherRoute] = []


class Deadline(Strict):
    count: int | None = Field(default=None, gt=0)  # None: "as soon as possible"
    unit: Literal["hverdage", "dage", "uger"] | None = None
    event: DeadlineEvent
    after: DeadlineAfter
    applies_to: str = ""  # e.g. "§ 86" or "genoptræningsplan efter sundhedsloven § 140"
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
    hospital_plan_response: Deadline | None = None


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

    @field_validator("source_file")
    @classmethod
    def _plain_file_name(cls, value: str) -> str:
        if not re.fullmatch(r"[a-z0-9-]+\.txt", value):
            raise ValueError("source_file is a file name in ../shared/kvalitetsstandarder/")
        return value

    @model_validator(mode="after")
    def _references_resolve(self) -> "Municipality":
        contact_ids = [c.id for c in self.contacts]
        if len(set(contact_ids)) != len(contact_ids):
            raise ValueError("contact ids must be unique")
        offer_ids = [o.id for o in self.offers]
        if len(set(offer_ids)) != len(offer_ids):
            raise ValueError("offer ids must be unique")
        for ref in (self.complaints.municipality_visitation, self.complaints.training_provider):
            if ref not in contact_ids:
                raise ValueError(f"complaints refers to unknown contact {ref!r}")
        covered = set(self.eligibility.served_age_bands)
        for route in self.eligibility.other_routes:
            overlap = covered & set(route.age_bands)
            if overlap:
                raise ValueError(f"age bands {sorted(overlap)} both served and routed elsewhere")
            covered |= set(route.age_bands)
        return self

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
    address: str = ""
    phone: str = ""
    phone_hours: str = ""
    email: str = ""
    secure_email: str = ""
    web: str = ""
    how: str = ""  # how the citizen complains there
    source: Source


class National(Strict):
    bodies: list[NationalBody]
