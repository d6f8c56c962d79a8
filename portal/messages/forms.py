"""Forms for messages (with attachments), letters and pausing training."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from werkzeug.utils import secure_filename
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from portal.forms import DanishDateField, PortalForm, strip_text
from portal.rules import documents as document_rules
from portal.rules.messages import MAX_LENGTH

from .services import Upload

RECIPIENT_CHOICES = [
    ("visitation", _l("Visitationen i kommunen")),
    ("training", _l("Træningsstedet")),
]


def _uploads(field) -> list[Upload]:
    """The chosen files, checked by their content; a ValidationError names the first that fails."""
    files = [item for item in (field.data or []) if getattr(item, "filename", "")]
    if len(files) > document_rules.MAX_FILES:
        raise ValidationError(_l("Vedhæft højst %(n)d filer.", n=document_rules.MAX_FILES))
    uploads = []
    for item in files:
        data = item.read(document_rules.MAX_BYTES + 1)
        name = secure_filename(item.filename) or "dokument"
        problem = document_rules.problem(len(data), data[:16])
        if problem == "empty":
            raise ValidationError(_l("Filen »%(name)s« er tom. Vælg en anden fil.", name=name))
        if problem == "too_big":
            raise ValidationError(_l("Filen »%(name)s« er for stor. En fil må højst fylde %(mb)d MB.",
                                     name=name, mb=document_rules.MAX_BYTES // (1024 * 1024)))
        if problem == "wrong_type":
            raise ValidationError(_l("Filen »%(name)s« er ikke en PDF, JPEG eller PNG. Du kan kun vedhæfte PDF-dokumenter og billeder i JPEG eller PNG.", name=name))
        file_type = document_rules.sniff(data[:16])
        uploads.append(Upload(document_rules.safe_name(name, file_type), file_type, data))
    return uploads


class MessageForm(PortalForm):
    """A message: to whom and about which session (a new thread only), the text and files."""

    recipient = RadioField(_l("Hvem vil du skrive til?"), choices=RECIPIENT_CHOICES,
                           invalid_choice_message=_l("Vælg, hvem du vil skrive til."),
                           validators=[DataRequired(_l("Vælg, hvem du vil skrive til."))])
    booking = SelectField(_l("Handler det om en bestemt træning?"), choices=[], validate_choice=False)
    body = TextAreaField(_l("Din besked"), filters=[strip_text], validators=[
        DataRequired(_l("Skriv din besked.")),
        Length(max=MAX_LENGTH, message=_l("Skriv højst %(n)d tegn.", n=MAX_LENGTH)),
    ])
    files = MultipleFileField(_l("Vedhæft dokumenter"))
    submission = HiddenField()

    uploads: list[Upload]

    def validate_booking(self, field):
        if field.data and field.data not in {value for value, _ in field.choices}:
            raise ValidationError(_l("Vælg en af dine træninger, eller ingen."))

    def validate_files(self, field):
        self.uploads = _uploads(field)


class ReplyForm(MessageForm):
    """An answer in a thread: no recipient or session to choose."""

    recipient = None
    booking = None


class LetterForm(PortalForm):
    title = StringField(_l("Brevets titel"), filters=[strip_text], validators=[
        DataRequired(_l("Skriv brevets titel.")), Length(max=200, message=_l("Skriv højst 200 tegn."))])
    files = MultipleFileField(_l("Brevet som PDF"))

    uploads: list[Upload]

    def validate_files(self, field):
        self.uploads = _uploads(field)
        if len(self.uploads) != 1:
            raise ValidationError(_l("Vælg brevet som én fil."))


PAUSE_REASONS = [
    ("illness", _l("Jeg er indlagt eller syg")),
    ("other", _l("Af en anden grund (for eksempel ferie)")),
]


class PauseForm(PortalForm):
    reason = RadioField(_l("Hvorfor kan du ikke komme?"), choices=PAUSE_REASONS,
                        invalid_choice_message=_l("Vælg, hvorfor du ikke kan komme."),
                        validators=[DataRequired(_l("Vælg, hvorfor du ikke kan komme."))])
    first = DanishDateField(_l("Fra og med"), validators=[InputRequired(_l("Skriv den første dag, du ikke kan komme."))])
    last = DanishDateField(_l("Til og med"), validators=[InputRequired(_l("Skriv den sidste dag, du ikke kan komme."))])
    step = HiddenField(default="preview")
    shown = HiddenField()  # the sessions and marks the confirmation was given for

    def validate_last(self, field):
        if self.first.data and field.data and field.data < self.first.data:
            raise ValidationError(_l("Den sidste dag kan ikke ligge før den første."))
        if self.first.data and field.data and (field.data - self.first.data).days > 180:
            raise ValidationError(_l("En pause kan højst vare et halvt år. Skriv til visitationen, hvis du skal holde en længere pause."))
