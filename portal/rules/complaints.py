"""Where a complaint goes (DOMAIN.md §7): national law, so the same for every
municipality; only the municipal bodies' contact details differ (data)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from . import RuleError


class Subject(str, Enum):
    DECISION = "decision"
    CASE_HANDLING = "case_handling"
    DELIVERY = "delivery"
    TREATMENT = "treatment"
    COMPENSATION = "compensation"

    @classmethod
    def parse(cls, value: str) -> "Subject":
        try:
            return cls(value)
        except ValueError:
            raise RuleError(f"unknown complaint subject {value!r}") from None


MUNICIPALITY_VISITATION = "municipality_visitation"
TRAINING_PROVIDER = "training_provider"
ANKESTYRELSEN = "ankestyrelsen"
STYRELSEN_FOR_PATIENTKLAGER = "styrelsen_for_patientklager"
PATIENTERSTATNINGEN = "patienterstatningen"

MUNICIPAL_BODIES = (MUNICIPALITY_VISITATION, TRAINING_PROVIDER)
NATIONAL_BODIES = (ANKESTYRELSEN, STYRELSEN_FOR_PATIENTKLAGER, PATIENTERSTATNINGEN)


@dataclass(frozen=True)
class Route:
    bodies: tuple[str, ...]
    appealable: bool
    filed_in_portal: bool  # the municipality or its provider handles it


_ROUTES = {
    Subject.DECISION: Route((MUNICIPALITY_VISITATION, ANKESTYRELSEN), True, True),
    Subject.CASE_HANDLING: Route((MUNICIPALITY_VISITATION,), False, True),
    Subject.DELIVERY: Route((TRAINING_PROVIDER, MUNICIPALITY_VISITATION), False, True),
    Subject.TREATMENT: Route((STYRELSEN_FOR_PATIENTKLAGER,), False, False),
    Subject.COMPENSATION: Route((PATIENTERSTATNINGEN,), False, False),
}


def complaint_route(subject: Subject | str) -> Route:
    if not isinstance(subject, Subject):
        subject = Subject.parse(subject)
    try:
        return _ROUTES[subject]
    except KeyError:  # pragma: no cover - every Subject has a route
        raise RuleError(f"no route for {subject!r}") from None
