"""Forms for the fuldmagt pages and choosing whom to act for."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectMultipleField, StringField, widgets
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from portal import clock
from portal.i18n import first_upper
from portal.forms import DanishDateField, PortalForm

from . import cpr as cpr_rules
from .current import SCOPE_LABELS


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class GrantScopeForm(PortalForm):
    """What a fuldmagt allows and until when (editing keeps the holder)."""

    scopes = MultiCheckboxField(_l("Hvad må den pårørende gøre for dig?"), choices=[])
    valid_until = DanishDateField(_l("Fuldmagten gælder til og med"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.scopes.choices = [(key, first_upper(str(label))) for key, label in SCOPE_LABELS.items()]

    def validate_scopes(self, field):
        if not field.data:
            raise ValidationError(_l("Vælg mindst én ting, den pårørende må gøre."))

    def validate_valid_until(self, field):
        if field.data and field.data < clock.today():
            raise ValidationError(_l("Datoen må ikke ligge før i dag."))


class GrantForm(GrantScopeForm):
    holder_cpr = StringField(_l("Den pårørendes cpr-nummer"), validators=[DataRequired(_l("Skriv den pårørendes cpr-nummer."))])
    holder_name = StringField(_l("Den pårørendes fulde navn"), validators=[
        DataRequired(_l("Skriv den pårørendes navn.")), Length(max=200, message=_l("Navnet må højst være 200 tegn."))])

    def validate_holder_cpr(self, field):
        try:
            field.data = cpr_rules.normalise(field.data)
        except cpr_rules.InvalidCpr:
            raise ValidationError(_l("Skriv et gyldigt cpr-nummer med 10 cifre, for eksempel 010203-1234.")) from None


class ChoosePersonForm(PortalForm):
    person = RadioField(_l("Hvem vil du handle for?"), choices=[], validators=[DataRequired(_l("Vælg, hvem du vil handle for."))])
