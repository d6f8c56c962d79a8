"""Municipality rules in plain words, for pages and the rules command.

The data files hold structured rules (10 hverdage after the application is
received); this module writes them as sentences through Babel, so the same
rule reads the same everywhere and the English catalogue can translate it.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import gettext, lazy_gettext, ngettext

from portal import i18n
from portal.rules.cancellation import CancellationPolicy, Reason
from portal.rules.deadlines import deadline_date

from .schema import Deadline

_EVENTS = {
    "decision": lazy_gettext("Du får en afgørelse"),
    "contact_visitation": lazy_gettext("Kommunen kontakter dig for at aftale et visitationsbesøg"),
    "letter": lazy_gettext("Du får et brev fra kommunen"),
    "handled": lazy_gettext("Din ansøgning er behandlet"),
    "training_start": lazy_gettext("Din træning begynder"),
    "provider_contact": lazy_gettext("Træningsstedet kontakter dig om tid og sted"),
    "complaint": lazy_gettext("Du kan klage"),
    "reconsideration_answer": lazy_gettext("Kommunen svarer på din klage"),
    "upheld_answer": lazy_gettext("Giver kommunen dig medhold i klagen, får du besked"),
}

# The same events about someone else: a relative's receipt names the citizen.
_EVENTS_FOR = {
    "decision": lazy_gettext("%(name)s får en afgørelse"),
    "contact_visitation": lazy_gettext("Kommunen kontakter %(name)s for at aftale et visitationsbesøg"),
    "letter": lazy_gettext("%(name)s får et brev fra kommunen"),
    "handled": lazy_gettext("Ansøgningen for %(name)s er behandlet"),
    "training_start": lazy_gettext("%(name)s begynder at træne"),
    "provider_contact": lazy_gettext("Træningsstedet kontakter %(name)s om tid og sted"),
    "complaint": lazy_gettext("%(name)s kan klage"),
    "reconsideration_answer": lazy_gettext("Kommunen svarer på klagen fra %(name)s"),
    "upheld_answer": lazy_gettext("Giver kommunen %(name)s medhold i klagen, får %(name)s besked"),
}

_AFTER = {
    "application_received": lazy_gettext("efter, at kommunen har modtaget din ansøgning"),
    "henvendelse": lazy_gettext("efter, at du har henvendt dig til kommunen"),
    "decision": lazy_gettext("efter, at afgørelsen er truffet"),
    "decision_received": lazy_gettext("efter, at du har modtaget afgørelsen"),
    "visitation_visit": lazy_gettext("efter visitationsbesøget"),
    "complaint_received": lazy_gettext("efter, at kommunen har modtaget din klage"),
    "provider_received_decision": lazy_gettext("efter, at træningsstedet har modtaget afgørelsen"),
    "plan_received": lazy_gettext("efter, at kommunen har modtaget genoptræningsplanen fra sygehuset"),
    "referral_received": lazy_gettext("efter, at kommunen har modtaget henvisningen fra din læge"),
}

# What the deadline counts from, as a short noun phrase for "from" dates.
_AFTER_NOUN = {
    "application_received": lazy_gettext("modtagelsen af ansøgningen"),
    "henvendelse": lazy_gettext("henvendelsen"),
    "decision": lazy_gettext("afgørelsen"),
    "decision_received": lazy_gettext("modtagelsen af afgørelsen"),
    "visitation_visit": lazy_gettext("visitationsbesøget"),
    "complaint_received": lazy_gettext("modtagelsen af klagen"),
    "provider_received_decision": lazy_gettext("træningsstedets modtagelse af afgørelsen"),
    "plan_received": lazy_gettext("modtagelsen af genoptræningsplanen"),
    "referral_received": lazy_gettext("modtagelsen af henvisningen"),
}


def amount(deadline: Deadline) -> str:
    """"10 hverdage", "14 dage", "4 uger"."""
    n = deadline.count or 0
    if deadline.unit == "hverdage":
        return ngettext("%(num)d hverdag", "%(num)d hverdage", n)
    if deadline.unit == "dage":
        return ngettext("%(num)d dag", "%(num)d dage", n)
    return ngettext("%(num)d uge", "%(num)d uger", n)


def deadline_rule(deadline: Deadline) -> str:
    """The rule in a sentence: "Du får en afgørelse senest 10 hverdage efter, at …"."""
    event = _EVENTS[deadline.event]
    after = _AFTER[deadline.after]
    if deadline.count is None:
        return gettext("%(event)s hurtigst muligt %(after)s.", event=event, after=after)
    return gettext(
        "%(event)s senest %(amount)s %(after)s.", event=event, amount=amount(deadline), after=after
    )


def deadline_rule_about(deadline: Deadline, name: str) -> str:
    """The rule as staff read it, about the citizen: "Kommunen kontakter borgeren
    for at aftale et visitationsbesøg senest 10 hverdage efter henvendelsen."."""
    event = str(_EVENTS_FOR[deadline.event]) % {"name": name}
    after = _AFTER_NOUN[deadline.after]
    if deadline.count is None:
        return gettext("%(event)s hurtigst muligt efter %(after)s.", event=event, after=after)
    return gettext("%(event)s senest %(amount)s efter %(after)s.", event=event, amount=amount(deadline), after=after)


def deadline_promise(deadline: Deadline, start: date, *, about: str | None = None) -> str:
    """The promise with its date: "Du får en afgørelse senest torsdag den 7. januar 2027.";
    `about` names the citizen when someone else reads it ("Kommunen kontakter Jens Nielsen …")."""
    last = deadline_date(deadline.rule, start)
    if about and deadline.event in _EVENTS_FOR:
        event = str(_EVENTS_FOR[deadline.event]) % {"name": about}
    else:
        event = _EVENTS[deadline.event]
    if last is None:
        return gettext("%(event)s hurtigst muligt.", event=event)
    return gettext("%(event)s senest %(date)s.", event=event, date=i18n.long_date(last))


def counted_from(deadline: Deadline) -> str:
    return str(_AFTER_NOUN[deadline.after])


def cancellation_rules(policy: CancellationPolicy) -> list[str]:
    """The afbud rules as sentences, from the policy."""
    same_day = i18n.clock_time(policy.same_day_deadline)
    other = i18n.clock_time(policy.other_deadline)
    if policy.other_days_before == 1:
        other_when = gettext("%(time)s dagen før", time=other)
    else:
        other_when = ngettext(
            "%(time)s %(num)d dag før", "%(time)s %(num)d dage før", policy.other_days_before,
            time=other,
        )
    lines = [
        gettext(
            "Ved egen sygdom eller dødsfald i din nærmeste familie melder du afbud senest "
            "%(time)s samme dag (eller før træningen, hvis den begynder tidligere).",
            time=same_day,
        ),
    ]
    if policy.replacement_when_on_time:
        lines.append(gettext("Melder du afbud til tiden af de grunde, kan du få tilbudt erstatningstræning."))
    lines += [
        gettext("Af andre grunde melder du afbud senest %(when)s. Du får ikke erstatningstræning.", when=other_when),
        gettext("Et afbud efter fristen bliver registreret som for sent, og du får ikke erstatningstræning."),
        gettext("Udebliver du uden afbud, får du ikke erstatningstræning."),
        ngettext(
            "Udebliver du mere end %(num)d gang, bliver dit forløb vurderet igen og måske afsluttet.",
            "Udebliver du mere end %(num)d gange, bliver dit forløb vurderet igen og måske afsluttet.",
            policy.no_show_limit,
        ),
        ngettext(
            "Kommer du mere end %(num)d minut for sent, kan træningen blive aflyst.",
            "Kommer du mere end %(num)d minutter for sent, kan træningen blive aflyst.",
            policy.late_arrival_minutes,
        ),
    ]
    return lines


REASON_LABELS = {
    Reason.ILLNESS: lazy_gettext("Sygdom"),
    Reason.BEREAVEMENT: lazy_gettext("Dødsfald i nærmeste familie"),
    Reason.OTHER: lazy_gettext("Andet"),
}


def deadline_moment(moment: datetime) -> str:
    return i18n.long_datetime(moment)
