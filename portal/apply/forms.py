"""One form per page of the application. Each form loads its answers from the
draft and dumps what was typed back into it."""

from __future__ import annotations

import re
from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, TextAreaField
from wtforms import RadioField as _RadioField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from portal import clock, municipalities
from portal.auth import cpr as cpr_rules
from portal.auth.forms import MultiCheckboxField as _MultiCheckboxField
from portal.forms import DanishDateField, PortalForm

from . import questions as q

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[\d\s]{8,16}$")


class RadioField(_RadioField):
    """A radio group whose wrong or missing value gets a Danish message.
    (Keeps the name RadioField: the error summary links to option 1 by type.)"""

    def __init__(self, label=None, validators=None, *, required: str, needed=None, **kwargs):
        super().__init__(label, validators or [], **kwargs)
        self.required_message = required
        self.needed = needed  # form → bool: asked only when another answer makes it matter

    def pre_validate(self, form):
        if self.needed is not None and not self.needed(form):
            self.data = None
            return
        if self.data is None or all(str(value) != str(self.data) for value, _ in self.choices):
            raise ValidationError(self.required_message)

    def process_formdata(self, valuelist):
        self.data = valuelist[0] if valuelist else None


class MultiCheckboxField(_MultiCheckboxField):
    """Checkboxes; a value that is not offered is ignored, never a 500."""

    def pre_validate(self, form):
        values = {str(value) for value, _ in self.choices}
        self.data = [item for item in (self.data or []) if item in values]


def _choices(items, *, none_label=None, none_value="none"):
    choices = [(item.id, item.label) for item in items]
    if none_label is not None:
        choices.append((none_value, none_label))
    return choices


def _exclusive_none(field, *, missing, both):
    if not field.data:
        raise ValidationError(missing)
    if "none" in field.data and len(field.data) > 1:
        raise ValidationError(both)


class PageForm(PortalForm):
    def load(self, answers: dict) -> None:
        for name, field in self._fields.items():
            if name != "csrf_token" and name in answers:
                field.data = answers[name]

    def dump(self) -> dict:
        return {name: field.data for name, field in self._fields.items() if name != "csrf_token"}


class WhoForm(PageForm):
    who = RadioField(_l("Hvem søger du om træning for?"), choices=[
        ("self", _l("Mig selv")),
        ("relative", _l("En anden, for eksempel min mor, far eller ægtefælle")),
    ], required=_l("Vælg, om du søger for dig selv eller for en anden."))


class CitizenForm(PageForm):
    citizen_cpr = StringField(_l("Personens cpr-nummer"), validators=[
        DataRequired(_l("Skriv cpr-nummeret på den, du søger for."))])
    citizen_name = StringField(_l("Personens fulde navn"), validators=[
        DataRequired(_l("Skriv navnet på den, du søger for.")),
        Length(max=200, message=_l("Navnet må højst være 200 tegn."))])

    def __init__(self, *args, own_cpr: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.own_cpr = own_cpr

    def validate_citizen_cpr(self, field):
        try:
            field.data = cpr_rules.normalise(field.data)
        except cpr_rules.InvalidCpr:
            raise ValidationError(_l("Skriv et gyldigt cpr-nummer med 10 cifre, for eksempel 010203-1234.")) from None
        if field.data == self.own_cpr:
            raise ValidationError(_l("Det er dit eget cpr-nummer. Vælg »Mig selv« på siden før, hvis du søger for dig selv."))

    def dump(self) -> dict:
        return {"citizen_cpr": self.citizen_cpr.data, "citizen_name": self.citizen_name.data.strip()}


class MunicipalityForm(PageForm):
    municipality_id = RadioField(_l("Hvilken kommune bor personen i?"), choices=[],
                                 required=_l("Vælg den kommune, personen bor i."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality_id.choices = [(m.id, m.name) for m in municipalities.all_municipalities().values()]


class DeclarationForm(PageForm):
    declared = BooleanField(_l("Jeg erklærer, at personen har givet mig lov til at søge om træning på sine vegne."))

    def validate_declared(self, field):
        if not field.data:
            raise ValidationError(_l("Sæt kryds, hvis personen har givet dig lov. Ellers kan du ikke søge for personen."))


class OnsetForm(PageForm):
    onset = RadioField(_l("Hvad vil du søge om?"), choices=_choices(q.ONSET),
                       required=_l("Vælg, om du søger om genoptræning eller vedligeholdende træning."))


class HospitalForm(PageForm):
    hospital = RadioField(_l("Er du eller har du været indlagt på sygehus for det, du søger træning for?"),
                          choices=_choices(q.HOSPITAL),
                          required=_l("Vælg, om du er eller har været indlagt."))


class GuidanceForm(PageForm):
    """The guidance page has no question: sending it means »I apply anyway«."""

    def dump(self) -> dict:
        return {}


class HappenedForm(PageForm):
    what_happened = TextAreaField(_l("Fortæl kort, hvad der er sket"), validators=[
        DataRequired(_l("Skriv kort, hvad der er sket.")),
        Length(max=2000, message=_l("Skriv højst 2000 tegn."))])
    happened_on = DanishDateField(_l("Hvornår skete det, eller hvornår begyndte det?"), validators=[Optional()])

    def validate_happened_on(self, field):
        if field.data and field.data > clock.today():
            raise ValidationError(_l("Datoen må ikke ligge efter i dag."))

    def load(self, answers: dict) -> None:
        self.what_happened.data = answers.get("what_happened")
        raw = answers.get("happened_on")
        self.happened_on.data = date.fromisoformat(raw) if raw else None

    def dump(self) -> dict:
        return {
            "what_happened": (self.what_happened.data or "").strip(),
            "happened_on": self.happened_on.data.isoformat() if self.happened_on.data else None,
        }


class ActivitiesForm(PageForm):
    activities = MultiCheckboxField(_l("Vælg alle, der passer"),
                                    choices=_choices(q.ACTIVITIES, none_label=_l("Ingen af dem")))

    def validate_activities(self, field):
        _exclusive_none(field, missing=_l("Vælg de aktiviteter, der er svære, eller »Ingen af dem«."),
                        both=_l("Du har valgt både aktiviteter og »Ingen af dem«. Vælg enten det ene eller det andet."))


class LevelForm(PageForm):
    level = RadioField("", choices=[(level.value, level.title) for level in q.FUNCTION_LEVELS],
                       required=_l("Vælg, hvor meget hjælp du har brug for."))

    def dump(self) -> dict:
        return {"level": int(self.level.data)}


class GoalForm(PageForm):
    goal = TextAreaField(_l("Fortæl med dine egne ord"), validators=[
        DataRequired(_l("Skriv, hvad du gerne vil kunne igen.")),
        Length(max=1000, message=_l("Skriv højst 1000 tegn."))])

    def dump(self) -> dict:
        return {"goal": (self.goal.data or "").strip()}


class NeedsForm(PageForm):
    needs = MultiCheckboxField(_l("Vælg alt det, du har brug for"),
                               choices=_choices(q.NEEDS, none_label=_l("Nej, ingen af dem")))
    interpreter_language = StringField(_l("Hvilket sprog skal tolken tale?"), validators=[
        Length(max=100, message=_l("Skriv højst 100 tegn."))])

    def validate_needs(self, field):
        _exclusive_none(field, missing=_l("Vælg det, du har brug for, eller »Nej, ingen af dem«."),
                        both=_l("Du har valgt både behov og »Nej, ingen af dem«. Vælg enten det ene eller det andet."))

    def validate_interpreter_language(self, field):
        if "interpreter" in (self.needs.data or []) and not (field.data or "").strip():
            raise ValidationError(_l("Skriv, hvilket sprog tolken skal tale."))

    def dump(self) -> dict:
        needs = self.needs.data or []
        language = (self.interpreter_language.data or "").strip() if "interpreter" in needs else ""
        return {"needs": needs, "interpreter_language": language}


class ConsentForm(PageForm):
    consents = MultiCheckboxField(_l("Vælg de steder, hvor kommunen må hente oplysninger om dig"),
                                  choices=_choices(q.CONSENT_SOURCES, none_label=_l("Ingen steder. Jeg giver ikke samtykke.")))

    def validate_consents(self, field):
        _exclusive_none(field, missing=_l("Vælg, hvor kommunen må hente oplysninger, eller »Ingen steder«."),
                        both=_l("Du har valgt både steder og »Ingen steder«. Vælg enten det ene eller det andet."))


class BisidderForm(PageForm):
    bisidder = RadioField(_l("Vil du have en bisidder med til samtalen med kommunen?"), choices=_choices(q.BISIDDER),
                          required=_l("Vælg, om du vil have en bisidder med."))


class ContactForm(PageForm):
    contact_method = RadioField(_l("Hvordan vil du helst kontaktes?"), choices=_choices(q.CONTACT_METHODS),
                                required=_l("Vælg, hvordan kommunen skal kontakte dig."))
    phone = StringField(_l("Telefonnummer"), validators=[Length(max=40, message=_l("Skriv højst 40 tegn."))])
    email = StringField(_l("E-mail"), validators=[Length(max=254, message=_l("Skriv højst 254 tegn."))])
    # The time of day matters only when the municipality is to phone.
    contact_time = RadioField(_l("Hvornår på dagen passer det bedst at ringe?"), choices=_choices(q.CONTACT_TIMES),
                              required=_l("Vælg, hvornår på dagen det passer bedst, at kommunen ringer."),
                              needed=lambda form: form.contact_method.data == "phone")

    def validate_phone(self, field):
        value = (field.data or "").strip()
        if self.contact_method.data == "phone" and not value:
            raise ValidationError(_l("Skriv dit telefonnummer, så kommunen kan ringe til dig."))
        if value and not _PHONE.match(value):
            raise ValidationError(_l("Skriv telefonnummeret med 8 cifre, for eksempel 12 34 56 78."))

    def validate_email(self, field):
        value = (field.data or "").strip()
        if self.contact_method.data == "email" and not value:
            raise ValidationError(_l("Skriv din e-mail, så kommunen kan skrive til dig."))
        if value and not _EMAIL.match(value):
            raise ValidationError(_l("Skriv e-mailen på formen navn@eksempel.dk."))

    def dump(self) -> dict:
        return {
            "contact_method": self.contact_method.data,
            "phone": (self.phone.data or "").strip(),
            "email": (self.email.data or "").strip(),
            "contact_time": self.contact_time.data if self.contact_method.data == "phone" else None,
        }


class SubmitForm(PortalForm):
    """Tjek dine svar: only the CSRF token and the draft's token."""
