"""Which route fits a person: the § 140 hospital plan, applying here under § 86,
another route named in the municipality's data, or none of those (DOMAIN.md §1).

Pure: the caller passes the answers and the municipality's eligibility data
(anything with `served_age_bands` and `other_routes`, each route with `id`,
`age_bands` and `laws`), so no municipality is ever named in code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Iterable, Protocol, Sequence

from . import RuleError

SEL_86_1 = "sel_86_1"  # genoptræning
SEL_86_2 = "sel_86_2"  # vedligeholdende træning


class Onset(str, Enum):
    SUDDEN = "sudden"  # lost function after illness: genoptræning
    LASTING = "lasting"  # a lasting condition, keep abilities: vedligeholdende træning


LAW_FOR_ONSET = {Onset.SUDDEN: SEL_86_1, Onset.LASTING: SEL_86_2}


class Kind(str, Enum):
    HOSPITAL_PLAN = "hospital_plan"  # sundhedsloven § 140: the hospital's genoptræningsplan
    APPLY = "apply"  # apply here under serviceloven § 86
    OTHER_ROUTE = "other_route"  # the municipality's data names another route
    NOT_SERVED = "not_served"  # no § 86 offer here for this age: contact the municipality


class Reason(str, Enum):
    IN_HOSPITAL = "in_hospital"
    WAS_IN_HOSPITAL = "was_in_hospital"
    HAS_PLAN = "has_plan"
    NOT_IN_HOSPITAL = "not_in_hospital"
    SUDDEN_LOSS = "sudden_loss"
    LASTING_CONDITION = "lasting_condition"
    AGE_SERVED = "age_served"
    AGE_ROUTED = "age_routed"
    AGE_NOT_SERVED = "age_not_served"


class RouteData(Protocol):
    id: str
    age_bands: Sequence[str]
    laws: Sequence[str]


class EligibilityData(Protocol):
    served_age_bands: Sequence[str]
    other_routes: Sequence[RouteData]


@dataclass(frozen=True)
class Advice:
    kind: Kind
    law: str | None = None
    route_id: str | None = None
    reasons: tuple[Reason, ...] = ()


def other_route_for(eligibility: EligibilityData, age_band: str, law: str) -> RouteData | None:
    """The municipality's other route for this age band and law, if any.
    A route without `laws` covers both § 86 offers."""
    for route in eligibility.other_routes:
        if age_band in route.age_bands and (not route.laws or law in route.laws):
            return route
    return None


def advise(
    *, in_hospital: str, has_plan: str, onset: Onset | str | None, age_band: str | None,
    eligibility: EligibilityData | None,
) -> Advice:
    """The guide's answer. `in_hospital`: "now" | "before" | "no";
    `has_plan`: "yes" | "no" | "unsure". Anyone in hospital, or with a plan
    from the hospital, is routed to the genoptræningsplan (§ 140)."""
    if in_hospital not in ("now", "before", "no"):
        raise RuleError(f"unknown hospital answer {in_hospital!r}")
    reasons: list[Reason] = []
    if in_hospital == "now":
        reasons.append(Reason.IN_HOSPITAL)
    elif in_hospital == "before":
        reasons.append(Reason.WAS_IN_HOSPITAL)
    if has_plan == "yes":
        reasons.append(Reason.HAS_PLAN)
    if reasons:
        return Advice(Kind.HOSPITAL_PLAN, law="sundl_140", reasons=tuple(reasons))
    if onset is None or age_band is None or eligibility is None:
        raise RuleError("onset, age band and municipality are needed outside the hospital route")
    law = LAW_FOR_ONSET[Onset(onset)]
    reasons = [Reason.NOT_IN_HOSPITAL, Reason.SUDDEN_LOSS if law == SEL_86_1 else Reason.LASTING_CONDITION]
    route = other_route_for(eligibility, age_band, law)
    if route is not None:
        return Advice(Kind.OTHER_ROUTE, law=law, route_id=route.id, reasons=(*reasons, Reason.AGE_ROUTED))
    if _served(eligibility, age_band):
        return Advice(Kind.APPLY, law=law, reasons=(*reasons, Reason.AGE_SERVED))
    return Advice(Kind.NOT_SERVED, law=law, reasons=(*reasons, Reason.AGE_NOT_SERVED))


def _served(eligibility: EligibilityData, age_band: str) -> bool:
    if age_band in eligibility.served_age_bands:
        return True
    # A route limited to one law leaves the other law served in its age bands.
    return any(age_band in route.age_bands and route.laws for route in eligibility.other_routes)


# ------------------------------------------------------------------ age bands

# Folkepensionsalder by date of birth (lov om social pension § 1 a, as amended
# up to 2025): (born on or before, age in months).
_PENSION_AGE: tuple[tuple[date, int], ...] = (
    (date(1953, 12, 31), 65 * 12),
    (date(1954, 6, 30), 65 * 12 + 6),
    (date(1954, 12, 31), 66 * 12),
    (date(1955, 6, 30), 66 * 12 + 6),
    (date(1962, 12, 31), 67 * 12),
    (date(1966, 12, 31), 68 * 12),
    (date(1970, 12, 31), 69 * 12),
)
_PENSION_AGE_LATER = 70 * 12


def pension_age_months(born: date) -> int:
    """The folkepensionsalder, in months, of someone born on `born`."""
    for last_birthday, months in _PENSION_AGE:
        if born <= last_birthday:
            return months
    return _PENSION_AGE_LATER


def _months_between(born: date, on: date) -> int:
    months = (on.year - born.year) * 12 + (on.month - born.month)
    if on.day < born.day:
        months -= 1
    return months


def age_band(born: date, on: date) -> str:
    """"under_18", "18_65", "66_pension" or "pension" (at or above folkepensionsalder)."""
    if on < born:
        raise RuleError("born after the day asked about")
    months = _months_between(born, on)
    if months >= pension_age_months(born):
        return "pension"
    years = months // 12
    if years < 18:
        return "under_18"
    if years <= 65:
        return "18_65"
    return "66_pension"


def laws_offered(offers: Iterable, law: str) -> list:
    """The offers in a catalogue that fall under `law`."""
    return [offer for offer in offers if law in offer.laws]
