"""The guide's questions, one form per page. The application asks the same
facts with the same forms (portal/apply/flow.py)."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

from portal import clock, municipalities
from portal.apply import questions as q
from portal.apply.forms import PageForm, RadioField
from portal.forms import DanishDateField


def _choices(items):
    return [(c.id, c.label) for c in items]


class MunicipalityForm(PageForm):
    municipality_id = RadioField(_l("Hvilken kommune bor du i?"), choices=[],
                                 required=_l("Vælg den kommune, du bor i."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality_id.choices = [(m.id, m.name) for m in municipalities.all_municipalities().values()]


class _DateForm(PageForm):
    """A page with one date, stored as YYYY-MM-DD."""

    key = ""

    def load(self, answers: dict) -> None:
        raw = answers.get(self.key)
        try:
            self[self.key].data = date.fromisoformat(raw) if raw else None
        except (TypeError, ValueError):
            self[self.key].data = None

    def dump(self) -> dict:
        value = self[self.key].data
        return {self.key: value.isoformat() if value else None}


class BornForm(_DateForm):
    key = "born"
    born = DanishDateField(_l("Hvornår er du født?"))

    def validate_born(self, field):
        if field.data is None:
            raise ValidationError(_l("Skriv din fødselsdato som dag.måned.år, for eksempel 24.12.1958."))
        if field.data > clock.today():
            raise ValidationError(_l("Fødselsdatoen må ikke ligge efter i dag."))


class HospitalForm(PageForm):
    hospital = RadioField(_l("Er du eller har du været indlagt på sygehus for det, du har brug for træning efter?"),
                          choices=[(c.id, c.label) for c in q.HOSPITAL],
                          required=_l("Vælg, om du er eller har været indlagt."))


class NeedForm(PageForm):
    onset = RadioField(_l("Hvad har du brug for?"), choices=[(c.id, c.label) for c in q.ONSET],
                       required=_l("Vælg, om du har brug for genoptræning eller vedligeholdende træning."))


class PlanForm(PageForm):
    has_plan = RadioField(_l("Har du fået en genoptræningsplan fra sygehuset?"), choices=_choices(q.PLAN),
                          required=_l("Vælg, om du har fået en genoptræningsplan."))


class ReferralForm(PageForm):
    referral = RadioField(_l("Har din læge henvist dig til vederlagsfri fysioterapi?"), choices=_choices(q.YES_NO),
                          required=_l("Vælg, om din læge har henvist dig til vederlagsfri fysioterapi."))


class CareForm(PageForm):
    care = RadioField(_l("Har du brug for pleje og omsorg for at klare din hverdag?"), choices=_choices(q.CARE),
                      required=_l("Vælg, om du har brug for pleje og omsorg i hverdagen."))


class GroupForm(PageForm):
    group = RadioField(_l("Hvorfor har du brug for træning?"), choices=_choices(q.GROUP),
                       required=_l("Vælg det, der passer bedst på dig."))


class HadCourseForm(PageForm):
    had_course = RadioField(_l("Har du haft et forløb med vedligeholdende træning i kommunen?"), choices=_choices(q.YES_NO),
                            required=_l("Vælg, om du har haft et forløb med vedligeholdende træning."))


class CourseEndForm(_DateForm):
    key = "last_course"
    last_course = DanishDateField(_l("Hvornår sluttede dit sidste forløb med vedligeholdende træning?"))

    def validate_last_course(self, field):
        if field.data is None:
            raise ValidationError(_l("Skriv datoen som dag.måned.år, for eksempel 15.03.2026. Et omtrentligt tidspunkt er fint."))
        if field.data > clock.today():
            raise ValidationError(_l("Datoen må ikke ligge efter i dag."))


# The form of each fact page (shared with the application, which names the
# hospital and need pages the same).
FACT_FORMS: dict[str, type[PageForm]] = {
    "foedselsdato": BornForm,
    "sygehus": HospitalForm,
    "behov": NeedForm,
    "plan": PlanForm,
    "henvisning": ReferralForm,
    "pleje": CareForm,
    "maalgruppe": GroupForm,
    "forloeb": HadCourseForm,
    "forloeb-slut": CourseEndForm,
}
