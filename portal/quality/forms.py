"""The satisfaction question: one question on a 5-point scale and an optional comment."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from portal.forms import PortalForm, strip_text

from .satisfaction import RATING_LABELS


class SatisfactionForm(PortalForm):
    rating = RadioField(_l("Hvor tilfreds er du?"), coerce=int,
                        choices=[(rating, label) for rating, label in RATING_LABELS.items()],
                        invalid_choice_message=_l("Vælg, hvor tilfreds du er."),
                        validators=[DataRequired(_l("Vælg, hvor tilfreds du er."))])
    comment = TextAreaField(_l("Vil du fortælle os hvorfor?"), filters=[strip_text], validators=[
        Optional(), Length(max=1200, message=_l("Skriv højst 1200 tegn.")),
    ])
