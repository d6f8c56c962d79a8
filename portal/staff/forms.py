"""The visitator's forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from portal import clock
from portal.forms import DanishDateField, PortalForm


class VisitationForm(PortalForm):
    held_on = DanishDateField(_l("Dato for samtalen"), validators=[DataRequired(_l("Skriv datoen for visitationssamtalen."))])
    note = TextAreaField(_l("Notat fra samtalen"), validators=[Length(max=4000, message=_l("Skriv højst 4000 tegn."))])

    def __init__(self, *args, received_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.received_on = received_on

    def validate_held_on(self, field):
        if field.data and field.data > clock.today():
            raise ValidationError(_l("Samtalen skal være holdt. Datoen må ikke ligge efter i dag."))
        if field.data and self.received_on and field.data < self.received_on:
            raise ValidationError(_l("Samtalen kan ikke være holdt, før ansøgningen blev modtaget."))
