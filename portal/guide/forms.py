"""The guide's questions, one form per page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal import municipalities
from portal.apply import questions as q
from portal.apply.forms import PageForm, RadioField

AGE_BANDS = (
    ("under_18", _l("Under 18 år")),
    ("18_65", _l("18 til 65 år")),
    ("66_pension", _l("66 år eller mere, men under folkepensionsalderen")),
    ("pension", _l("Folkepensionsalderen eller mere")),
)


class MunicipalityForm(PageForm):
    municipality_id = RadioField(_l("Hvilken kommune bor du i?"), choices=[],
                                 required=_l("Vælg den kommune, du bor i."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality_id.choices = [(m.id, m.name) for m in municipalities.all_municipalities().values()]


class InHospitalForm(PageForm):
    in_hospital = RadioField(_l("Er du eller har du været indlagt på sygehus for det, du har brug for træning efter?"),
                             choices=[(c.id, c.label) for c in q.HOSPITAL],
                             required=_l("Vælg, om du er eller har været indlagt."))


class PlanForm(PageForm):
    has_plan = RadioField(_l("Har du fået en genoptræningsplan fra sygehuset?"), choices=[
        ("yes", _l("Ja")), ("no", _l("Nej")), ("unsure", _l("Det ved jeg ikke")),
    ], required=_l("Vælg, om du har fået en genoptræningsplan."))


class OnsetForm(PageForm):
    onset = RadioField(_l("Hvad passer bedst på dig?"), choices=[
        ("sudden", _l("Jeg har pludselig mistet kræfter eller færdigheder efter en sygdom")),
        ("lasting", _l("Jeg har en varig nedsat funktionsevne og vil bevare det, jeg kan")),
    ], required=_l("Vælg det, der passer bedst på dig."))


class AgeForm(PageForm):
    age_band = RadioField(_l("Hvor gammel er du?"), choices=list(AGE_BANDS), required=_l("Vælg din alder."))
