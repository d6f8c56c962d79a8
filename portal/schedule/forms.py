"""Forms for decisions, afbud, moving and the therapist's scheduling."""

from __future__ import annotations

import re
from datetime import datetime, time

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField, widgets
from wtforms.validators import DataRequired, Length, Optional, StopValidation, ValidationError

from portal import clock
from portal.forms import DanishDateField, PortalForm
from portal.municipalities.schema import Municipality
from portal.rules.cancellation import COPENHAGEN

from .models import GRANTED, PARTLY_GRANTED, REJECTED
from .presenters import FORM_NAMES, OUTCOME_LABELS, REASON_CHOICES

_TIME = re.compile(r"^\s*(\d{1,2})[.:](\d{2})\s*$")


def parse_clock(text: str | None) -> time | None:
    """"10.00", "9:30" → a time; None if it is not one."""
    match = _TIME.match(text or "")
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


class WholeNumberField(StringField):
    """A whole number typed as text; what was typed is kept when it is wrong."""

    def __init__(self, label=None, validators=None, *, low: int = 1, high: int = 1000, message=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.low, self.high = low, high
        self.message = message

    @property
    def value(self) -> int | None:
        text = (self.data or "").strip() if isinstance(self.data, str) else self.data
        if text in (None, ""):
            return None
        try:
            return int(text)
        except (TypeError, ValueError):
            return None

    def pre_validate(self, form):
        text = self.data.strip() if isinstance(self.data, str) else self.data
        if text in (None, ""):
            return
        number = self.value
        if number is None or not self.low <= number <= self.high:
            raise ValidationError(self.message or _l("Skriv et helt tal mellem %(low)d og %(high)d.", low=self.low, high=self.high))


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _required(message):
    return DataRequired(message)


class DateRequired:
    """A date must be given; unlike DataRequired it keeps "not a date" rather than hiding it behind "required"."""

    def __init__(self, message):
        self.message = message
        self.field_flags = {"required": True}

    def __call__(self, form, field):
        if field.data is None and not field.errors:
            raise StopValidation(self.message)


# ------------------------------------------------------------------ decision

def _or_list(words: list[str]) -> str:
    """"individuel træning, holdtræning eller træning i bassin"."""
    if len(words) <= 1:
        return "".join(words)
    return _l("%(first)s eller %(last)s", first=", ".join(words[:-1]), last=words[-1])


class DecisionForm(PortalForm):
    outcome = RadioField(_l("Afgørelse"), choices=[], validate_choice=False,
                         validators=[_required(_l("Vælg, hvad afgørelsen er."))])
    legal_basis = StringField(_l("Lovgrundlag"), validators=[
        _required(_l("Skriv lovgrundlaget, for eksempel Serviceloven § 86, stk. 1.")), Length(max=200)])
    offer_id = SelectField(_l("Tilbud fra kommunens katalog"), choices=[], validate_choice=False)
    form = RadioField(_l("Træningsform"), choices=[], validate_choice=False)
    frequency = StringField(_l("Hvor ofte"), validators=[Optional(), Length(max=200)])
    session_minutes = WholeNumberField(_l("Minutter pr. træningsgang"), low=5, high=600)
    max_sessions = WholeNumberField(_l("Højst antal træningsgange"), low=1, high=500)
    period_start = DanishDateField(_l("Forløbet begynder"))
    period_end = DanishDateField(_l("Forløbet slutter senest"))
    purpose = TextAreaField(_l("Formål med træningen"), validators=[Optional(), Length(max=4000)])
    goals = TextAreaField(_l("Mål, aftalt med borgeren"), validators=[Optional(), Length(max=4000)])
    provider = StringField(_l("Hvem leverer træningen"), validators=[Optional(), Length(max=200)])
    contact_person = StringField(_l("Kontaktperson"), validators=[Optional(), Length(max=200)])
    contact_phone = StringField(_l("Kontaktpersonens telefon"), validators=[Optional(), Length(max=40)])
    reasons = TextAreaField(_l("Begrundelse"), validators=[
        _required(_l("Skriv begrundelsen for afgørelsen.")), Length(max=8000)])
    alternatives = TextAreaField(_l("Andre muligheder for borgeren"), validators=[Optional(), Length(max=4000)])
    decided_on = DanishDateField(_l("Afgørelsen er truffet"), validators=[DateRequired(_l("Skriv datoen for afgørelsen."))])
    received_on = DanishDateField(_l("Borgeren modtager afgørelsen"), validators=[
        DateRequired(_l("Skriv den dato, borgeren modtager afgørelsen."))])

    def __init__(self, m: Municipality, *args, law: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.m = m
        # Choices are set here: WTForms deprecates tuples in the field declaration.
        self.outcome.choices = list(OUTCOME_LABELS.items())
        # The catalogue's offers under the law applied for (all, where none is).
        offers = [offer for offer in m.offers if law in offer.laws] or list(m.offers)
        self.offer_id.choices = [("", _l("Vælg tilbud"))] + [(offer.id, offer.name) for offer in offers]
        self.limit_to_offer()

    @property
    def offer(self):
        return self.m.offer(self.offer_id.data or "")

    def limit_to_offer(self) -> None:
        """Only the training forms the chosen offer is given as (every form until one is chosen)."""
        offer = self.offer
        allowed = [form for form in FORM_NAMES if offer is None or form in offer.forms]
        self.form.choices = [(form, FORM_NAMES[form]) for form in allowed]

    @property
    def granting(self) -> bool:
        return self.outcome.data in (GRANTED, PARTLY_GRANTED)

    def validate_outcome(self, field):
        if field.data not in OUTCOME_LABELS:
            raise ValidationError(_l("Vælg, hvad afgørelsen er."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        offer = self.m.offer(self.offer_id.data or "")
        if self.offer_id.data and offer is None:
            self.offer_id.errors.append(_l("Vælg et tilbud fra listen."))
        if self.granting:
            needed = [
                (self.offer_id, _l("Vælg det tilbud, borgeren får.")),
                (self.form, _l("Vælg træningsformen.")),
                (self.frequency, _l("Skriv, hvor ofte borgeren træner.")),
                (self.period_start, _l("Skriv, hvornår forløbet begynder.")),
                (self.period_end, _l("Skriv, hvornår forløbet slutter senest.")),
                (self.purpose, _l("Skriv formålet med træningen.")),
                (self.goals, _l("Skriv de mål, I har aftalt med borgeren.")),
                (self.provider, _l("Skriv, hvem der leverer træningen.")),
                (self.contact_person, _l("Skriv borgerens kontaktperson.")),
            ]
            for field, message in needed:
                if not field.errors and not (field.data.strip() if isinstance(field.data, str) else field.data):
                    field.errors.append(message)
            if offer is not None and self.form.data and self.form.data not in offer.forms and not self.form.errors:
                self.form.errors.append(_l("%(offer)s gives som %(forms)s. Vælg en af dem.", offer=offer.name,
                                           forms=_or_list([str(FORM_NAMES[f]).lower() for f in offer.forms if f in FORM_NAMES])))
            most = offer.max_sessions if offer is not None else None
            if most and self.max_sessions.value and self.max_sessions.value > most and not self.max_sessions.errors:
                self.max_sessions.errors.append(_l("%(offer)s giver højst %(most)d træningsgange.", offer=offer.name, most=most))
            if self.form.data and self.form.data not in FORM_NAMES and not self.form.errors:
                self.form.errors.append(_l("Vælg træningsformen."))
            if (self.period_start.data and self.period_end.data and self.period_end.data < self.period_start.data
                    and not self.period_end.errors):
                self.period_end.errors.append(_l("Slutdatoen må ikke ligge før startdatoen."))
        if self.outcome.data == REJECTED and not (self.alternatives.data or "").strip():
            self.alternatives.errors.append(_l("Skriv, hvad borgeren kan gøre i stedet. Et afslag skal altid have forslag til andre muligheder."))
        if self.decided_on.data and self.decided_on.data > clock.today() and not self.decided_on.errors:
            self.decided_on.errors.append(_l("Afgørelsen kan ikke være truffet efter i dag."))
        if (self.decided_on.data and self.received_on.data and self.received_on.data < self.decided_on.data
                and not self.received_on.errors):
            self.received_on.errors.append(_l("Borgeren kan ikke modtage afgørelsen, før den er truffet."))
        return valid and not any(field.errors for field in self)

    def fields(self) -> dict:
        """The Decision columns, from the validated form."""
        def text(field):
            value = (field.data or "").strip()
            return value or None

        return {
            "outcome": self.outcome.data,
            "legal_basis": self.legal_basis.data.strip(),
            "offer_id": self.offer_id.data or None,
            "form": self.form.data or None,
            "frequency": text(self.frequency),
            "session_minutes": self.session_minutes.value,
            "max_sessions": self.max_sessions.value,
            "period_start": self.period_start.data,
            "period_end": self.period_end.data,
            "purpose": text(self.purpose),
            "goals": text(self.goals),
            "provider": text(self.provider),
            "contact_person": text(self.contact_person),
            "contact_phone": text(self.contact_phone),
            "reasons": self.reasons.data.strip(),
            "alternatives": text(self.alternatives),
            "decided_on": self.decided_on.data,
            "received_on": self.received_on.data,
        }


# -------------------------------------------------------------- the citizen

class CancelForm(PortalForm):
    reason = RadioField(_l("Hvorfor melder du afbud?"), choices=[], validate_choice=False,
                        validators=[_required(_l("Vælg, hvorfor du melder afbud."))])
    step = HiddenField(default="preview")  # preview | confirm
    shown = HiddenField()  # the consequence shown before confirming: on_time | late

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason.choices = list(REASON_CHOICES)

    def validate_reason(self, field):
        if field.data not in {value for value, _label in REASON_CHOICES}:
            raise ValidationError(_l("Vælg, hvorfor du melder afbud."))


class ChooseSlotForm(PortalForm):
    slot = RadioField(_l("Vælg en ny tid"), choices=[], validate_choice=False,
                      validators=[_required(_l("Vælg en af de ledige tider."))])
    # Staff have seen that the citizen already trains at the same time, and book anyway.
    overlap_ok = HiddenField(default="")


class PlainForm(PortalForm):
    """A button that only needs the CSRF token."""


# ------------------------------------------------------------- the therapist

WEEKDAY_CHOICES = [
    ("0", _l("Mandag")), ("1", _l("Tirsdag")), ("2", _l("Onsdag")), ("3", _l("Torsdag")), ("4", _l("Fredag")),
]


class SlotForm(PortalForm):
    offer_id = SelectField(_l("Tilbud"), choices=[], validate_choice=False)
    form = RadioField(_l("Træningsform"), choices=[], validate_choice=False,
                      validators=[_required(_l("Vælg træningsformen."))])
    capacity = WholeNumberField(_l("Antal pladser"), low=1, high=40)
    place = StringField(_l("Sted"), validators=[_required(_l("Skriv, hvor træningen foregår.")), Length(max=200)])
    therapist = StringField(_l("Terapeut"), validators=[_required(_l("Skriv terapeutens navn.")), Length(max=200)])
    minutes = WholeNumberField(_l("Varighed i minutter"), low=5, high=600)
    repeat = RadioField(_l("Én gang eller en serie?"), choices=[], default="once", validate_choice=False,
                        validators=[_required(_l("Vælg én træningstid eller en serie."))])
    first_day = DanishDateField(_l("Dato (for en serie: første dato)"), validators=[DateRequired(_l("Skriv datoen."))])
    start_time = StringField(_l("Klokkeslæt"), validators=[_required(_l("Skriv klokkeslættet, for eksempel 10.00."))])
    weekdays = MultiCheckboxField(_l("Ugedage"), choices=[], validate_choice=False)
    weeks = WholeNumberField(_l("Antal uger"), low=1, high=26)
    case = HiddenField()

    def __init__(self, m: Municipality, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.m = m
        self.offer_id.choices = [("", _l("Vælg tilbud"))] + [(offer.id, offer.name) for offer in m.offers]
        self.form.choices = [(key, FORM_NAMES[key]) for key in ("individuel", "hold", "bassin", "hjemme")]
        self.repeat.choices = [("once", _l("Én træningstid")), ("series", _l("En serie hver uge"))]
        self.weekdays.choices = list(WEEKDAY_CHOICES)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.form.data not in dict(self.form.choices) and not self.form.errors:
            self.form.errors.append(_l("Vælg træningsformen."))
        if self.repeat.data not in ("once", "series") and not self.repeat.errors:
            self.repeat.errors.append(_l("Vælg én træningstid eller en serie."))
        if any(day not in {"0", "1", "2", "3", "4"} for day in self.weekdays.data or []):
            self.weekdays.errors.append(_l("Vælg ugedage fra mandag til fredag."))
        if not self.m.offer(self.offer_id.data or ""):
            self.offer_id.errors.append(_l("Vælg tilbuddet."))
        if not self.minutes.errors and self.minutes.value is None:
            self.minutes.errors.append(_l("Skriv, hvor mange minutter træningen varer."))
        if self.form.data == "hold":
            if not self.capacity.errors and (self.capacity.value or 0) < 2:
                self.capacity.errors.append(_l("Et hold skal have mindst 2 pladser."))
        if self.start_time.data and parse_clock(self.start_time.data) is None and not self.start_time.errors:
            self.start_time.errors.append(_l("Skriv klokkeslættet som time.minut, for eksempel 10.00."))
        if self.first_day.data and self.first_day.data < clock.today() and not self.first_day.errors:
            self.first_day.errors.append(_l("Datoen må ikke ligge før i dag."))
        if self.repeat.data == "series":
            if not self.weekdays.data:
                self.weekdays.errors.append(_l("Vælg mindst én ugedag."))
            if not self.weeks.errors and self.weeks.value is None:
                self.weeks.errors.append(_l("Skriv, hvor mange uger serien varer."))
        return valid and not any(field.errors for field in self)

    @property
    def places(self) -> int:
        return (self.capacity.value or 2) if self.form.data == "hold" else 1

    def start_on(self, day) -> datetime:
        return datetime.combine(day, parse_clock(self.start_time.data), tzinfo=COPENHAGEN)


class CancelSlotForm(PortalForm):
    note = TextAreaField(_l("Hvorfor bliver træningen aflyst?"), validators=[
        _required(_l("Skriv, hvorfor træningen bliver aflyst. Borgeren får teksten at se.")), Length(max=300)])
    replacement = RadioField(_l("Erstatningstræning"), choices=[], validate_choice=False)
    new_day = DanishDateField(_l("Ny dato"))
    new_time = StringField(_l("Nyt klokkeslæt"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.replacement.data == "new":
            if not self.new_day.data and not self.new_day.errors:
                self.new_day.errors.append(_l("Skriv datoen for den nye tid."))
            if parse_clock(self.new_time.data) is None:
                self.new_time.errors.append(_l("Skriv klokkeslættet for den nye tid, for eksempel 10.00."))
        return valid and not any(field.errors for field in self)

    @property
    def new_start(self) -> datetime | None:
        if self.replacement.data != "new" or not self.new_day.data:
            return None
        return datetime.combine(self.new_day.data, parse_clock(self.new_time.data), tzinfo=COPENHAGEN)


class AttendanceForm(PortalForm):
    booking = HiddenField(validators=[DataRequired()])
    status = HiddenField(validators=[DataRequired()])  # attended | no_show
