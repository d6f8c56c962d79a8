"""The guide's answer in words: the route from portal/rules/eligibility.py
with its reasons, and what to do next, all taken from the municipality's data.
The application's guidance page shows the same outcome."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext

from portal.municipalities import wording
from portal.municipalities.schema import Contact, Municipality, Offer, OtherRoute, Source
from portal.rules.eligibility import SEL_86_1, Advice, Kind, Reason, laws_offered


@dataclass
class Outcome:
    kind: str
    heading: str
    reasons: list[str] = field(default_factory=list)
    what_to_do: list[str] = field(default_factory=list)
    law: str | None = None
    offers: list[Offer] = field(default_factory=list)
    route: OtherRoute | None = None
    contact: Contact | None = None
    promise: str = ""
    promise_source: Source | None = None


def _reason(reason: Reason, m: Municipality | None) -> str:
    name = m.name if m else ""
    texts = {
        Reason.IN_HOSPITAL: lambda: gettext("Du er indlagt på sygehus nu."),
        Reason.WAS_IN_HOSPITAL: lambda: gettext("Du har været indlagt på sygehus for det, du har brug for træning efter."),
        Reason.HAS_PLAN: lambda: gettext("Du har fået en genoptræningsplan fra sygehuset."),
        Reason.NOT_IN_HOSPITAL: lambda: gettext("Du har ikke været indlagt for det, og du har ikke fået en genoptræningsplan."),
        Reason.SUDDEN_LOSS: lambda: gettext("Du har mistet kræfter eller færdigheder efter en sygdom. Det er genoptræning efter serviceloven § 86, stk. 1."),
        Reason.LASTING_CONDITION: lambda: gettext("Du har en varig nedsat funktionsevne og vil bevare det, du kan. Det er vedligeholdende træning efter serviceloven § 86, stk. 2."),
        Reason.AGE_SERVED: lambda: gettext("%(name)s giver den træning til personer på din alder.", name=name),
        Reason.AGE_ROUTED: lambda: gettext("%(name)s sender personer på din alder et andet sted hen for den træning.", name=name),
        Reason.AGE_NOT_SERVED: lambda: gettext("%(name)s giver ikke træning efter serviceloven § 86 til personer på din alder.", name=name),
    }
    return texts[reason]()


def offer_word(law: str | None) -> str:
    return gettext("genoptræning") if law == SEL_86_1 else gettext("vedligeholdende træning")


def outcome(advice: Advice, m: Municipality | None, *, in_hospital: str = "no", has_plan: str = "no") -> Outcome:
    reasons = [_reason(reason, m) for reason in advice.reasons]
    if advice.kind is Kind.HOSPITAL_PLAN:
        result = Outcome(advice.kind.value, gettext("Du skal have en genoptræningsplan fra sygehuset"), reasons, law=advice.law)
        result.what_to_do.append(gettext(
            "Genoptræning efter en indlæggelse får du efter sundhedsloven § 140, ikke efter serviceloven. "
            "Sygehuset vurderer, om du har brug for genoptræning, og laver i så fald en genoptræningsplan. "
            "Du skal ikke søge om træning her."))
        if has_plan == "yes":
            result.what_to_do.append(gettext(
                "Sygehuset sender planen til din kommune. Kommunen kontakter dig om, hvor og hvornår du skal træne."))
        elif in_hospital == "now":
            result.what_to_do.append(gettext(
                "Spørg personalet på afdelingen, om du skal have en genoptræningsplan, før du bliver udskrevet."))
        else:
            result.what_to_do.append(gettext(
                "Har du ikke fået en genoptræningsplan, så kontakt den afdeling, du var indlagt på, eller din egen læge."))
        if m is not None and m.deadlines.hospital_plan_response is not None:
            deadline = m.deadlines.hospital_plan_response
            result.promise = wording.deadline_rule(deadline)
            result.promise_source = deadline.source
        return result
    assert m is not None
    if advice.kind is Kind.APPLY:
        result = Outcome(advice.kind.value, gettext(
            "Du kan søge om %(offer)s hos %(name)s", offer=offer_word(advice.law), name=m.name), reasons, law=advice.law)
        result.offers = laws_offered(m.offers, advice.law)
        result.what_to_do.append(gettext(
            "Søg om træning her i portalen. Det tager cirka 10 minutter. Kommunen vurderer din ansøgning og træffer en afgørelse."))
        result.promise = wording.deadline_rule(m.deadlines.response)
        result.promise_source = m.deadlines.response.source
        return result
    if advice.kind is Kind.OTHER_ROUTE:
        route = next(r for r in m.eligibility.other_routes if r.id == advice.route_id)
        result = Outcome(advice.kind.value, route.title, reasons, law=advice.law, route=route)
        result.what_to_do.append(route.reason)
        result.what_to_do.append(route.contact)
        result.what_to_do.append(gettext(
            "Du kan stadig søge kommunen om træning. Så vurderer kommunen din situation og træffer en afgørelse."))
        return result
    contact = m.contact(m.complaints.municipality_visitation)
    result = Outcome(advice.kind.value, gettext("Kontakt %(name)s", name=m.name), reasons, law=advice.law, contact=contact)
    result.what_to_do.append(gettext(
        "Kommunen kan fortælle dig, hvilken hjælp du kan få, og hvordan du søger om den."))
    return result
