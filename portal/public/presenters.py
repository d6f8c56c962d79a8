"""What the municipality page shows, assembled from the data file and the rules."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext

from portal.municipalities import wording
from portal.municipalities.bodies import Body, route_bodies
from portal.municipalities.schema import Deadline, Municipality, Source
from portal.rules.complaints import Subject

SUBJECT_LABELS = {
    Subject.DECISION: lazy_gettext("Afgørelsen"),
    Subject.CASE_HANDLING: lazy_gettext("Ventetid eller sagsbehandling"),
    Subject.DELIVERY: lazy_gettext("Den træning, du får"),
    Subject.TREATMENT: lazy_gettext("En sundhedspersons behandling"),
    Subject.COMPENSATION: lazy_gettext("Søg erstatning for en skade"),
}

SUBJECT_EXAMPLES = {
    Subject.DECISION: lazy_gettext("For eksempel: du har fået afslag, eller du har fået færre træningsgange, end du søgte om."),
    Subject.CASE_HANDLING: lazy_gettext("For eksempel: du har ventet længere end lovet, eller ingen har svaret dig."),
    Subject.DELIVERY: lazy_gettext("For eksempel: træningen blev aflyst uden erstatning, eller den passede ikke til dine mål."),
    Subject.TREATMENT: lazy_gettext("For eksempel: du mener, at en fysioterapeut behandlede dig fagligt forkert."),
    Subject.COMPENSATION: lazy_gettext("For eksempel: du er kommet til skade under træning eller undersøgelse."),
}

LAW_LABELS = {
    "sel_86_1": lazy_gettext("Genoptræning (serviceloven § 86, stk. 1)"),
    "sel_86_2": lazy_gettext("Vedligeholdende træning (serviceloven § 86, stk. 2)"),
    "sundl_140": lazy_gettext("Genoptræning efter udskrivning (sundhedsloven § 140)"),
    "sundl_140a": lazy_gettext("Vederlagsfri fysioterapi (sundhedsloven § 140 a)"),
}

FORM_LABELS = {
    "hold": lazy_gettext("på hold"),
    "individuel": lazy_gettext("individuelt"),
    "hjemme": lazy_gettext("i hjemmet"),
    "bassin": lazy_gettext("i bassin"),
    "døgn": lazy_gettext("under døgnophold"),
}


@dataclass
class Promise:
    text: str
    source: Source


@dataclass
class ComplaintRow:
    subject: Subject
    label: str
    bodies: list[Body]
    appealable: bool


@dataclass
class MunicipalityPage:
    promises: list[Promise]
    cancellation: list[str]
    complaints: list[ComplaintRow]


def _promises(m: Municipality) -> list[Promise]:
    d = m.deadlines
    ordered: list[Deadline | None] = [
        d.response, d.hospital_plan_response, d.referral_response, d.provider_contact, d.start, d.complaint,
        d.reconsideration,
    ]
    result = []
    for deadline in ordered:
        if deadline is None:
            continue
        text = wording.deadline_rule(deadline)
        if deadline.applies_to:
            text = f"{text} ({deadline.applies_to})"
        result.append(Promise(text, deadline.source))
    return result


def municipality_page(m: Municipality) -> MunicipalityPage:
    rows = []
    for subject in Subject:
        route, bodies = route_bodies(m, subject)
        rows.append(ComplaintRow(subject, str(SUBJECT_LABELS[subject]), bodies, route.appealable))
    return MunicipalityPage(
        promises=_promises(m),
        cancellation=wording.cancellation_rules(m.cancellation.policy),
        complaints=rows,
    )
