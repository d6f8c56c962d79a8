"""The rules' answer in words: each outcome of portal/rules/routing.py with its
reasons and sources, what happens next, who to contact, the municipality's
promise on the right trigger, and the offers with their cost and transport,
all from the municipality's data. The application's guidance page and the
visitator's case page show the same."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext, lazy_gettext

from portal import i18n
from portal.municipalities import national, wording
from portal.municipalities.schema import Contact, CourseInterval, Duty, Municipality, Offer, OtherHelp, OtherRoute
from portal.rules.routing import SEL_86_1, Decision, Outcome, Reason

GROUP_LABELS = {
    "handicap": lazy_gettext("et fysisk eller psykisk handicap"),
    "sindslidelse": lazy_gettext("en sindslidelse"),
    "misbrug": lazy_gettext("et misbrug"),
    "none": lazy_gettext("ingen af dem"),
}

LAW_NAMES = {
    "sel_86_1": lazy_gettext("serviceloven § 86, stk. 1"),
    "sel_86_2": lazy_gettext("serviceloven § 86, stk. 2"),
    "sundl_140": lazy_gettext("sundhedsloven § 140"),
    "sundl_140a": lazy_gettext("sundhedsloven § 140 a"),
    "aeldrel_9_10": lazy_gettext("ældreloven §§ 9 og 10"),
}


@dataclass
class ShownReason:
    text: str
    source: object  # has file, section, note


@dataclass
class Promise:
    text: str
    source: object


@dataclass
class Shown:
    """One outcome page."""

    outcome: str
    heading: str
    law: str | None
    apply_here: bool
    reasons: list[ShownReason] = field(default_factory=list)
    what_next: list[str] = field(default_factory=list)
    what_next_source: object = None
    contacts: list[Contact] = field(default_factory=list)
    promises: list[Promise] = field(default_factory=list)
    offers: list[Offer] = field(default_factory=list)
    other_help: list[OtherHelp] = field(default_factory=list)
    duties: list[Duty] = field(default_factory=list)
    warning: str = ""
    interval: CourseInterval | None = None
    earliest: date | None = None
    route: OtherRoute | None = None
    may_apply_anyway: bool = False  # the data's own routes: the municipality still decides an application


def offer_word(law: str | None) -> str:
    return gettext("genoptræning") if law == SEL_86_1 else gettext("vedligeholdende træning")


def law_name(law: str | None) -> str:
    return str(LAW_NAMES.get(law, "")) if law else ""


def _reason_text(reason: Reason, m: Municipality) -> str:
    v = reason.values
    if reason.code == "under_18":
        return gettext("Du er %(age)d år. Træning til børn og unge under 18 år følger andre regler.", age=v["age"])
    if reason.code == "admitted":
        return gettext("Du er indlagt på sygehus nu. Genoptræning efter en indlæggelse får du efter sundhedsloven § 140 med en genoptræningsplan fra sygehuset.")
    if reason.code == "discharged_with_plan":
        return gettext("Du er udskrevet fra sygehuset med en genoptræningsplan. Så får du genoptræningen efter sundhedsloven § 140, ikke efter serviceloven.")
    if reason.code == "discharged_without_plan":
        return gettext("Du har været indlagt for det, du vil genoptræne efter, men du har ikke fået en genoptræningsplan. Genoptræning efter en indlæggelse kræver en plan fra sygehuset (sundhedsloven § 140).")
    if reason.code == "referral":
        return gettext("Din læge har henvist dig til vederlagsfri fysioterapi efter sundhedsloven § 140 a. Den er gratis, og du skal ikke søge om den.")
    if reason.code == "routed":
        route = m.route(v["route"])
        return route.reason if route else ""
    if reason.code == "over_age":
        return gettext("Du er %(age)d år, altså over %(limit)d år.", age=v["age"], limit=v["limit"])
    if reason.code == "pension_age":
        return gettext("Du nåede folkepensionsalderen (%(years)s år) %(date)s.",
                       years=_years(v["years"]), date=i18n.long_date(v["date"]))
    if reason.code == "needs_care":
        return gettext("Du har brug for pleje og omsorg for at klare din hverdag.")
    if reason.code == "outside_target_group":
        return gettext("Du har ikke svaret, at du har et handicap, en sindslidelse eller et misbrug.")
    if reason.code == "in_target_group":
        return gettext("Du har brug for træning på grund af %(group)s.", group=GROUP_LABELS[v["group"]])
    if reason.code == "need_regain":
        return gettext("Du har mistet kræfter eller færdigheder efter en sygdom, der ikke er behandlet under en indlæggelse. Det er genoptræning efter serviceloven § 86, stk. 1.")
    if reason.code == "need_maintain":
        return gettext("Du vil bevare det, du kan, med en varig nedsat funktionsevne. Det er vedligeholdende træning efter serviceloven § 86, stk. 2.")
    if reason.code == "after_hospital_course":
        return gettext("Du har været indlagt, men du vil nu bevare det, du har opnået. Vedligeholdende træning i forlængelse af genoptræning efter en indlæggelse søger du her.")
    if reason.code == "interval_ok":
        if v.get("ended"):
            return gettext("Dit sidste forløb med vedligeholdende træning sluttede %(ended)s, mindst %(months)d måneder før i dag.",
                           ended=i18n.long_date(v["ended"]), months=v["months"])
        return gettext("Du har ikke haft et forløb med vedligeholdende træning før.")
    if reason.code == "interval_wait":
        return gettext("Dit sidste forløb med vedligeholdende træning sluttede %(ended)s. Der skal gå mindst %(months)d måneder mellem to forløb.",
                       ended=i18n.long_date(v["ended"]), months=v["months"])
    return reason.code


def _years(years: float) -> str:
    return str(int(years)) if years == int(years) else f"{int(years)}½"


def _source(reason: Reason):
    """A row of DOMAIN.md §9 shows as "Kilde: gældende regler"; data sources as their heading."""
    return reason.source


def _promise(m: Municipality, kind: str, law: str | None) -> Promise | None:
    deadline = m.promise(kind, law)
    if deadline is None:
        return None
    return Promise(wording.deadline_rule(deadline), deadline.source)


def _contact(m: Municipality, contact_id: str) -> Contact:
    return m.contact(contact_id)


def shown(decision: Decision, m: Municipality) -> Shown:
    """The outcome page for this decision in this municipality."""
    law = decision.law
    result = Shown(decision.outcome.value, "", law, decision.apply_here,
                   reasons=[ShownReason(_reason_text(r, m), _source(r)) for r in decision.reasons],
                   earliest=decision.earliest)
    visitation = _contact(m, m.complaints.municipality_visitation)
    outcome = decision.outcome
    if outcome is Outcome.CHILDREN:
        result.heading = gettext("Kontakt %(name)s", name=m.name)
        result.what_next.append(gettext(
            "Kommunens træning efter serviceloven § 86 er for voksne. Kontakt kommunen, så fortæller den, hvilken hjælp et barn eller en ung kan få, og hvordan I søger om den."))
        result.contacts.append(visitation)
    elif outcome is Outcome.HOSPITAL_PLAN:
        result.heading = gettext("Du skal have en genoptræningsplan fra sygehuset")
        result.what_next.append(gettext(
            "Sygehuset vurderer, om du har brug for genoptræning, og laver i så fald en genoptræningsplan. Du skal ikke søge om træning her."))
        if any(r.code == "admitted" for r in decision.reasons):
            result.what_next.append(gettext(
                "Spørg personalet på afdelingen, om du skal have en genoptræningsplan, før du bliver udskrevet."))
        else:
            result.what_next.append(gettext(
                "Kontakt den afdeling, du var indlagt på, eller din egen læge, og spørg, om du skal have en genoptræningsplan."))
    elif outcome is Outcome.PLAN_140:
        result.heading = gettext("Sygehuset sender din genoptræningsplan til kommunen")
        result.what_next.append(gettext(
            "Sygehuset sender planen til din kommune. Kommunen kontakter dig om, hvor og hvornår du skal træne. Du skal ikke søge om træning her."))
        plan = m.hospital_plan
        if plan is not None:
            result.what_next.append(plan.text)
            result.what_next_source = plan.source
            result.contacts.append(_contact(m, plan.contact))
            if plan.free_choice:
                result.what_next.append(gettext("Du kan vælge at træne i en anden kommune."))
        promise = _promise(m, "hospital_plan_response", law)
        if promise:
            result.promises.append(promise)
        result.offers = m.offers_for(law)
    elif outcome is Outcome.VEDERLAGSFRI_140A:
        result.heading = gettext("Tag din henvisning med til en fysioterapeut")
        result.what_next.append(gettext(
            "Med en henvisning fra din læge til vederlagsfri fysioterapi går du direkte til en fysioterapeut, du selv vælger. Det kan være en privat praktiserende fysioterapeut eller et kommunalt træningssted. Det er gratis, og du skal ikke søge om det."))
        extra = m.vederlagsfri
        if extra is not None:
            result.what_next.append(extra.text)
            result.what_next_source = extra.source
            offer = m.offer(extra.offer) if extra.offer else None
            if offer is not None:
                result.offers = [offer]
        promise = _promise(m, "referral_response", law)
        if promise:
            result.promises.append(promise)
    elif outcome in (Outcome.HELHEDSPLEJE, Outcome.OTHER_ADMINISTRATION):
        route = m.route(decision.route_id)
        result.route = route
        result.heading = route.title
        result.what_next.append(route.what_next)
        result.what_next_source = route.source
        result.contacts.append(_contact(m, route.contact))
        result.may_apply_anyway = True
    else:  # apply
        result.heading = gettext("Du kan søge om %(offer)s hos %(name)s", offer=offer_word(law), name=m.name)
        result.what_next.append(gettext(
            "Søg om træning her i portalen. Det tager cirka 10 minutter. Kommunen vurderer din ansøgning og træffer en afgørelse."))
        for kind in ("response", "provider_contact", "start"):
            promise = _promise(m, kind, law)
            if promise:
                result.promises.append(promise)
        result.offers = m.offers_for(law)
        result.duties = list(m.duties)
        result.contacts.append(visitation)
        interval = m.eligibility.maintenance_interval if law != SEL_86_1 else None
        if interval is not None:
            result.interval = interval
            if decision.earliest:
                result.warning = gettext(
                    "Kommunen kan afvise et nyt forløb før %(date)s. Du kan stadig søge nu, og kommunen vurderer din ansøgning.",
                    date=i18n.long_date(decision.earliest))
    if outcome is not Outcome.HOSPITAL_PLAN:
        result.other_help = [] if outcome is Outcome.PLAN_140 else list(m.other_help)
    return result


def outdated_name_lines(m: Municipality, about: str) -> list[str]:
    """"Glostrups kvalitetsstandard nævner Styrelsen for Patientsikkerhed. I dag …"."""
    bodies = national()
    return [
        gettext("%(municipality)ss kvalitetsstandard nævner %(old)s. I dag er det %(current)s.",
                municipality=m.short_name, old=name.name, current=bodies[name.current].name)
        for name in m.complaints.outdated_names if name.about == about
    ]
