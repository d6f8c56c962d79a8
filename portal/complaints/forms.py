"""Forms for complaints: the citizen's complaint, the staff member's answer."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from portal.forms import DanishDateField, PortalForm, strip_text


_PHONE = re.compile(r"^\+?[0-9 ]{8,16}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class ComplaintForm(PortalForm):
    """One form for decision, case handling and delivery complaints; the view
    sets the choices of `concern` and drops `new_information` where it does not apply."""

    concern = RadioField(_l("Hvad drejer klagen sig om?"), choices=[],
                         invalid_choice_message=_l("Vælg, hvad klagen drejer sig om."),
                         validators=[DataRequired(_l("Vælg, hvad klagen drejer sig om."))])
    what_happened = TextAreaField(_l("Hvad er sket?"), filters=[strip_text], validators=[
        DataRequired(_l("Skriv, hvad der er sket.")),
        Length(max=5000, message=_l("Skriv højst 5000 tegn.")),
    ])
    wants = TextAreaField(_l("Hvad ønsker du, der skal ske?"), filters=[strip_text], validators=[
        DataRequired(_l("Skriv, hvad du ønsker, der skal ske.")),
        Length(max=3000, message=_l("Skriv højst 3000 tegn.")),
    ])
    new_information = TextAreaField(_l("Har du nye oplysninger, som kommunen ikke kendte, da den traf afgørelsen?"),
                                    filters=[strip_text], validators=[
        Optional(), Length(max=5000, message=_l("Skriv højst 5000 tegn.")),
    ])
    contact = RadioField(_l("Hvordan vil du have svar?"), choices=[
        ("digital_post", _l("I Digital Post")),
        ("phone", _l("Ring til mig")),
        ("email", _l("Skriv til mig på e-mail")),
    ], invalid_choice_message=_l("Vælg, hvordan du vil have svar."),
        validators=[DataRequired(_l("Vælg, hvordan du vil have svar."))])
    contact_phone = StringField(_l("Telefonnummer"), filters=[strip_text],
                                validators=[Length(max=40, message=_l("Skriv højst 40 tegn."))])
    contact_email = StringField(_l("E-mailadresse"), filters=[strip_text],
                                validators=[Length(max=254, message=_l("Skriv højst 254 tegn."))])
    submission = HiddenField()

    def validate_contact_phone(self, field):
        if not field.data:
            if self.contact.data == "phone":
                raise ValidationError(_l("Skriv det telefonnummer, kommunen skal ringe til."))
            return
        if not _PHONE.match(field.data) or len(re.sub(r"\D", "", field.data)) < 8:
            raise ValidationError(_l("Skriv telefonnummeret med 8 cifre, for eksempel 43 23 66 90."))

    def validate_contact_email(self, field):
        if not field.data:
            if self.contact.data == "email":
                raise ValidationError(_l("Skriv den e-mailadresse, kommunen skal skrive til."))
            return
        if not _EMAIL.match(field.data):
            raise ValidationError(_l("Skriv en e-mailadresse som navn@eksempel.dk."))


class LimitationForm(PortalForm):
    """The optional date check on the treatment and compensation guidance (GET)."""

    class Meta:
        csrf = False

    knowledge = DanishDateField(_l("Hvornår fandt du ud af det?"), validators=[Optional()])
    event = DanishDateField(_l("Hvornår skete det?"), validators=[Optional()])


class NotSatisfiedForm(PortalForm):
    reason = TextAreaField(_l("Hvad er du ikke tilfreds med i svaret?"), filters=[strip_text], validators=[
        Optional(), Length(max=3000, message=_l("Skriv højst 3000 tegn.")),
    ])


class ReconsiderationForm(PortalForm):
    outcome = RadioField(_l("Resultat af genvurderingen"), choices=[
        ("upheld", _l("Medhold: kommunen ændrer afgørelsen")),
        ("kept", _l("Fastholdt: kommunen holder fast i afgørelsen, og klagen sendes til Ankestyrelsen")),
    ], invalid_choice_message=_l("Vælg resultatet af genvurderingen."),
        validators=[DataRequired(_l("Vælg resultatet af genvurderingen."))])
    changes = TextAreaField(_l("Hvad ændrer kommunen?"), filters=[strip_text], validators=[
        Length(max=5000, message=_l("Skriv højst 5000 tegn.")),
    ])
    reasons = TextAreaField(_l("Begrundelse"), filters=[strip_text], validators=[
        Length(max=10000, message=_l("Skriv højst 10000 tegn.")),
    ])

    def validate_changes(self, field):
        if self.outcome.data == "upheld" and not field.data:
            raise ValidationError(_l("Skriv, hvad kommunen ændrer i afgørelsen."))

    def validate_reasons(self, field):
        if self.outcome.data == "kept" and not field.data:
            raise ValidationError(_l("Skriv, hvorfor kommunen fastholder afgørelsen."))


class AnswerForm(PortalForm):
    answer = TextAreaField(_l("Svar til borgeren"), filters=[strip_text], validators=[
        DataRequired(_l("Skriv svaret til borgeren.")),
        Length(max=5000, message=_l("Skriv højst 5000 tegn.")),
    ])


class ActionForm(PortalForm):
    """A button that changes state: only the CSRF token."""
