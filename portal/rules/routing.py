"""Which route fits a person (DOMAIN.md §9): the facts about them in, an
outcome out, first match wins. What differs between municipalities (who is
routed elsewhere and where, the interval between vedligeholdende courses,
target groups) arrives as a `Policy` built from the municipality's data file,
so no municipality is ever named here.

The same rows also say which fact is missing: `decide` on partial facts
returns the first fact the outcome still depends on, so the guide and the
application ask only what this municipality's decision needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import Enum
from typing import Any, Callable

from . import RuleError
from .ages import add_months, age_on, at_or_over_pension_age, pension_age

# Laws (ids shared with the municipality data and the case's `law`).
SEL_86_1 = "sel_86_1"  # genoptræning
SEL_86_2 = "sel_86_2"  # vedligeholdende træning
SUNDL_140 = "sundl_140"  # genoptræning efter udskrivning, with a genoptræningsplan
SUNDL_140A = "sundl_140a"  # vederlagsfri fysioterapi
AELDREL_9_10 = "aeldrel_9_10"  # helhedspleje

HOSPITAL_VALUES = ("no", "admitted", "discharged")
NEED_VALUES = ("regain", "maintain")
GROUP_VALUES = ("handicap", "sindslidelse", "misbrug", "none")
LAW_FOR_NEED = {"regain": SEL_86_1, "maintain": SEL_86_2}


class Outcome(str, Enum):
    CHILDREN = "children"
    HOSPITAL_PLAN = "hospital_plan"
    PLAN_140 = "plan_140"
    VEDERLAGSFRI_140A = "vederlagsfri_140a"
    HELHEDSPLEJE = "helhedspleje"
    OTHER_ADMINISTRATION = "other_administration"
    APPLY = "apply"


ROUTED_OUTCOMES = (Outcome.HELHEDSPLEJE, Outcome.OTHER_ADMINISTRATION)


class Fact(str, Enum):
    """The facts of §9, in the order they are asked."""

    BORN = "born"
    HOSPITAL = "hospital"
    NEED = "need"
    PLAN = "plan"
    REFERRAL = "referral"
    CARE = "care"
    GROUP = "group"
    LAST_COURSE = "last_course"


class _Unknown:
    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        return False


UNKNOWN: Any = _Unknown()


@dataclass(frozen=True)
class Facts:
    """What is known about the person; UNKNOWN where not (yet) asked.
    `last_course` None means "no earlier vedligeholdende course"."""

    born: date | Any = UNKNOWN
    hospital: str | Any = UNKNOWN  # no | admitted | discharged
    need: str | Any = UNKNOWN  # regain | maintain
    plan: bool | Any = UNKNOWN  # the hospital made a genoptræningsplan
    referral: bool | Any = UNKNOWN  # a doctor's referral to vederlagsfri fysioterapi (§ 140a)
    care: bool | Any = UNKNOWN  # needs pleje og omsorg for daily life
    group: str | Any = UNKNOWN  # handicap | sindslidelse | misbrug | none
    last_course: date | None | Any = UNKNOWN  # when the last vedligeholdende course ended

    def known(self, fact: Fact) -> bool:
        return getattr(self, fact.value) is not UNKNOWN

    def with_fact(self, fact: Fact, value) -> "Facts":
        return replace(self, **{fact.value: value})

    def check(self) -> None:
        """Refuse values outside the contract (RuleError)."""
        allowed = {Fact.HOSPITAL: HOSPITAL_VALUES, Fact.NEED: NEED_VALUES, Fact.GROUP: GROUP_VALUES}
        for fact, values in allowed.items():
            value = getattr(self, fact.value)
            if value is not UNKNOWN and value not in values:
                raise RuleError(f"{fact.value} must be one of {', '.join(values)}")
        for fact in (Fact.PLAN, Fact.REFERRAL, Fact.CARE):
            value = getattr(self, fact.value)
            if value is not UNKNOWN and not isinstance(value, bool):
                raise RuleError(f"{fact.value} must be yes or no")


@dataclass(frozen=True)
class Cited:
    """Where a reason comes from: a file and a heading in it (like the data's Source)."""

    file: str
    section: str
    note: str = ""


def domain_row(number: int) -> Cited:
    return Cited("DOMAIN.md", f"§9 Which route fits: the guide's rules, row {number}")


# ------------------------------------------------------------ the policy

@dataclass(frozen=True)
class Condition:
    """One way a municipality's data routes a person elsewhere: every field
    given must hold."""

    needs: frozenset[str] = frozenset()  # empty: either need
    min_age: int | None = None  # whole years, at least ("over 65" is 66)
    from_pension_age: bool = False  # at or over folkepensionsalder
    care: bool = False  # needs pleje og omsorg
    outside_target_groups: bool = False  # not in the municipality's target groups


@dataclass(frozen=True)
class Elsewhere:
    """A route of the municipality's data: any of `when` sends the person there."""

    id: str
    outcome: Outcome
    law: str | None  # None: the § 86 law of the need
    when: tuple[Condition, ...]
    source: Any  # the data's Source (file, section, note)


@dataclass(frozen=True)
class Policy:
    """What the rules need from one municipality's data."""

    routes: tuple[Elsewhere, ...] = ()
    target_groups: frozenset[str] = frozenset()
    target_groups_source: Any = None
    interval_months: int | None = None  # between vedligeholdende courses
    interval_source: Any = None


# ----------------------------------------------------------- the answer

@dataclass(frozen=True)
class Reason:
    code: str
    source: Any
    params: tuple[tuple[str, Any], ...] = ()

    @property
    def values(self) -> dict:
        return dict(self.params)


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    law: str | None
    apply_here: bool
    earliest: date | None = None
    reasons: tuple[Reason, ...] = ()
    route_id: str | None = None  # the data's route, for routed outcomes

    def as_json(self) -> dict:
        return {
            "outcome": self.outcome.value, "law": self.law, "apply_here": self.apply_here,
            "earliest": self.earliest.isoformat() if self.earliest else None,
        }


@dataclass(frozen=True)
class Ask:
    """The outcome still depends on this fact."""

    fact: Fact


# ------------------------------------------------------------- the rows

# An atom is (fact, test on the facts); a clause holds when all its atoms do;
# a row matches when any of its clauses holds.
Atom = tuple[Fact, Callable[[Facts], bool]]


@dataclass(frozen=True)
class _Row:
    clauses: tuple[tuple[Atom, ...], ...]
    decide: Callable[[Facts], Decision | Ask]


def _truth(clause: tuple[Atom, ...], facts: Facts) -> tuple[bool | None, list[Fact]]:
    missing = [fact for fact, _ in clause if not facts.known(fact)]
    for fact, test in clause:
        if facts.known(fact) and not test(facts):
            return False, []
    return (True, []) if not missing else (None, missing)


def _first_missing(candidates: list[Fact]) -> Fact:
    order = list(Fact)
    return min(candidates, key=order.index)


def decide(policy: Policy, facts: Facts, on: date) -> Decision | Ask:
    """The first row of DOMAIN.md §9 that matches, or the fact to ask next."""
    facts.check()
    if facts.known(Fact.BORN) and facts.born > on:
        raise RuleError("born after the day asked about")
    for row in _rows(policy, on):
        results = [_truth(clause, facts) for clause in row.clauses]
        if any(value is True for value, _ in results):
            return row.decide(facts)
        undecided = [missing for value, missing in results if value is None]
        if undecided:
            return Ask(_first_missing([fact for missing in undecided for fact in missing]))
    raise RuleError("no row matched")  # row 8 or 9 always does once the need is known


def outcome(policy: Policy, facts: Facts, on: date) -> Decision:
    """As `decide`, for facts that are complete: a missing fact is a RuleError."""
    result = decide(policy, facts, on)
    if isinstance(result, Ask):
        raise RuleError(f"{result.fact.value} is needed")
    return result


def _rows(policy: Policy, on: date) -> list[_Row]:
    def age(facts: Facts) -> int:
        return age_on(facts.born, on)

    rows = [
        _Row((((Fact.BORN, lambda f: age(f) < 18),),),
             lambda f: Decision(Outcome.CHILDREN, None, False, reasons=(
                 Reason("under_18", domain_row(1), (("age", age(f)),)),))),
        _Row((((Fact.HOSPITAL, lambda f: f.hospital == "admitted"),),),
             lambda f: Decision(Outcome.HOSPITAL_PLAN, SUNDL_140, False, reasons=(
                 Reason("admitted", domain_row(2)),))),
        _Row((((Fact.HOSPITAL, lambda f: f.hospital == "discharged"), (Fact.NEED, lambda f: f.need == "regain"),
               (Fact.PLAN, lambda f: f.plan is True)),),
             lambda f: Decision(Outcome.PLAN_140, SUNDL_140, False, reasons=(
                 Reason("discharged_with_plan", domain_row(3)),))),
        _Row((((Fact.HOSPITAL, lambda f: f.hospital == "discharged"), (Fact.NEED, lambda f: f.need == "regain"),
               (Fact.PLAN, lambda f: f.plan is False)),),
             lambda f: Decision(Outcome.HOSPITAL_PLAN, SUNDL_140, False, reasons=(
                 Reason("discharged_without_plan", domain_row(4)),))),
        _Row((((Fact.REFERRAL, lambda f: f.referral is True),),),
             lambda f: Decision(Outcome.VEDERLAGSFRI_140A, SUNDL_140A, False, reasons=(
                 Reason("referral", domain_row(5)),))),
    ]
    for route in policy.routes:
        clauses = tuple(_clause(policy, condition, on) for condition in route.when)
        if route.law is None:
            # The outcome's law is that of the need, so the need must be known.
            clauses = tuple(((Fact.NEED, lambda f: True),) + clause for clause in clauses)
        rows.append(_Row(clauses, lambda f, route=route: _routed(policy, route, f, on)))
    rows.append(_Row((((Fact.NEED, lambda f: f.need == "regain"),),), lambda f: _apply(policy, f, on, 8)))
    rows.append(_Row((((Fact.NEED, lambda f: f.need == "maintain"),),), lambda f: _apply(policy, f, on, 9)))
    return rows


def _clause(policy: Policy, condition: Condition, on: date) -> tuple[Atom, ...]:
    atoms: list[Atom] = []
    if condition.needs:
        atoms.append((Fact.NEED, lambda f: f.need in condition.needs))
    if condition.min_age is not None:
        atoms.append((Fact.BORN, lambda f: age_on(f.born, on) >= condition.min_age))
    if condition.from_pension_age:
        atoms.append((Fact.BORN, lambda f: at_or_over_pension_age(f.born, on)))
    if condition.care:
        atoms.append((Fact.CARE, lambda f: f.care is True))
    if condition.outside_target_groups:
        atoms.append((Fact.GROUP, lambda f: f.group not in policy.target_groups))
    return tuple(atoms)


def _routed(policy: Policy, route: Elsewhere, facts: Facts, on: date) -> Decision:
    reasons = [Reason("routed", route.source, (("route", route.id),))]
    for condition in route.when:
        value, _ = _truth(_clause(policy, condition, on), facts)
        if value is not True:
            continue
        if condition.min_age is not None:
            reasons.append(Reason("over_age", route.source, (("age", age_on(facts.born, on)),
                                                             ("limit", condition.min_age - 1))))
        if condition.from_pension_age:
            pension = pension_age(facts.born)
            reasons.append(Reason("pension_age", route.source, (("date", pension.date), ("years", pension.years))))
        if condition.care:
            reasons.append(Reason("needs_care", route.source))
        if condition.outside_target_groups:
            reasons.append(Reason("outside_target_group", policy.target_groups_source or route.source,
                                  (("group", facts.group),)))
        break
    law = route.law or (LAW_FOR_NEED.get(facts.need) if facts.known(Fact.NEED) else None)
    return Decision(route.outcome, law, False, reasons=tuple(reasons), route_id=route.id)


def _apply(policy: Policy, facts: Facts, on: date, row: int) -> Decision | Ask:
    law = LAW_FOR_NEED[facts.need]
    reasons = [Reason("need_" + facts.need, domain_row(row))]
    if facts.known(Fact.HOSPITAL) and facts.hospital == "discharged" and facts.need == "maintain":
        reasons.append(Reason("after_hospital_course", domain_row(9)))
    if policy.target_groups and facts.known(Fact.GROUP) and facts.group in policy.target_groups:
        reasons.append(Reason("in_target_group", policy.target_groups_source, (("group", facts.group),)))
    earliest = None
    if facts.need == "maintain" and policy.interval_months:
        if not facts.known(Fact.LAST_COURSE):
            return Ask(Fact.LAST_COURSE)
        params = (("months", policy.interval_months),)
        if facts.last_course is not None:
            allowed = add_months(facts.last_course, policy.interval_months)
            params += (("ended", facts.last_course), ("allowed", allowed))
            if on < allowed:
                earliest = allowed
        reasons.append(Reason("interval_wait" if earliest else "interval_ok", policy.interval_source, params))
    return Decision(Outcome.APPLY, law, True, earliest=earliest, reasons=tuple(reasons))


@dataclass(frozen=True)
class Walk:
    """The facts asked in order, the answer when all are known, else the next fact."""

    asked: list[Fact] = field(default_factory=list)
    decision: Decision | None = None
    next_fact: Fact | None = None


def walk(policy: Policy, known: Facts, answers: Callable[[Fact], Any], on: date) -> Walk:
    """Ask the facts one by one: `known` holds what needs no question (the birth
    date from a CPR number); `answers(fact)` gives an answer or UNKNOWN. Only the
    facts the rows ask for are used, so a stale answer never counts."""
    facts = known
    asked: list[Fact] = []
    for _ in range(len(Fact) + 1):
        result = decide(policy, facts, on)
        if isinstance(result, Decision):
            return Walk(asked, result, None)
        value = answers(result.fact)
        if value is UNKNOWN:
            return Walk(asked, None, result.fact)
        asked.append(result.fact)
        facts = facts.with_fact(result.fact, value)
    raise RuleError("the rows asked for the same fact twice")
