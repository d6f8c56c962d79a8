"""A complaint filed in the portal, and the history of its statuses.

Only what the municipality or its training provider handles is filed here
(decision, case_handling, delivery); complaints about treatment and
compensation go straight to the national bodies and are never stored.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import Person, StaffMember
from portal.cases.models import Case
from portal.db_types import AwareDateTime
from portal.extensions import db
from portal.rules.states import ComplaintStatus
from portal.schedule.models import Booking, Decision

# Subjects filed in the portal (portal.rules.complaints.Subject values).
DECISION = "decision"
CASE_HANDLING = "case_handling"
DELIVERY = "delivery"
FILED_SUBJECTS = (DECISION, CASE_HANDLING, DELIVERY)

# Statuses. A decision complaint: received → reconsidering → upheld | kept → forwarded.
# Case handling: received → reconsidering ("under behandling") → answered.
# Delivery: with_provider → answered (by the provider's leader) → sent_to_visitation
# (the citizen is not satisfied) → answered (by the visitation).
RECEIVED = ComplaintStatus.RECEIVED.value  # modtaget
RECONSIDERING = ComplaintStatus.RECONSIDERING.value  # under genvurdering / under behandling
UPHELD = ComplaintStatus.UPHELD.value  # medhold: the municipality changes its decision
KEPT = ComplaintStatus.KEPT.value  # fastholdt: the forwarding package is ready for Ankestyrelsen
FORWARDED = ComplaintStatus.FORWARDED.value  # fastholdt og sendt til Ankestyrelsen
WITH_PROVIDER = ComplaintStatus.WITH_PROVIDER.value  # sendt til lederen af træningsstedet
ANSWERED = ComplaintStatus.ANSWERED.value  # besvaret
SENT_TO_VISITATION = ComplaintStatus.SENT_TO_VISITATION.value  # sendt videre til visitationen
STATUSES = (RECEIVED, RECONSIDERING, UPHELD, KEPT, FORWARDED, WITH_PROVIDER, ANSWERED, SENT_TO_VISITATION)

# How the citizen wants to hear from the municipality.
CONTACT_CHOICES = ("digital_post", "phone", "email")


class Complaint(db.Model):
    __tablename__ = "complaint"
    __table_args__ = (
        Index("ix_complaint_municipality_status", "municipality_id", "status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)  # KL-ABC-DEF, for URLs and receipts
    citizen_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    filed_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    filed_as: Mapped[str] = mapped_column(String(20))  # self | fuldmagt
    municipality_id: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(20))  # FILED_SUBJECTS
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id"), index=True)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"))
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("booking.id"))
    what_happened: Mapped[str] = mapped_column(Text)
    wants: Mapped[str] = mapped_column(Text)
    new_information: Mapped[str | None] = mapped_column(Text)
    contact: Mapped[str] = mapped_column(String(20))  # CONTACT_CHOICES
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    received_at: Mapped[datetime] = mapped_column(AwareDateTime())
    received_on: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date)  # the citizen's complaint deadline, if any
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    answer_due: Mapped[date | None] = mapped_column(Date)  # the municipality's answer deadline, if any
    status: Mapped[str] = mapped_column(String(30), default=RECEIVED)
    level: Mapped[int] = mapped_column(Integer, default=0)  # index of the body handling it in the route
    handler_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id"))
    # The reconsideration (decision) or the answer (case handling, delivery).
    decided_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    changes: Mapped[str | None] = mapped_column(Text)  # medhold: what changes
    reasons: Mapped[str | None] = mapped_column(Text)  # fastholdt: why
    answer: Mapped[str | None] = mapped_column(Text)  # the provider's answer (level 0)
    final_answer: Mapped[str | None] = mapped_column(Text)  # the visitation's answer (case handling; delivery level 1)
    not_satisfied_reason: Mapped[str | None] = mapped_column(Text)
    package_html: Mapped[str | None] = mapped_column(Text)  # the forwarding package, as produced
    forwarded_on: Mapped[date | None] = mapped_column(Date)
    closed_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    # One per "Send klagen" form: a second click on the same form files nothing new.
    submission_token: Mapped[str | None] = mapped_column(String(64), unique=True)

    citizen: Mapped[Person] = relationship(foreign_keys=[citizen_id])
    filed_by: Mapped[Person] = relationship(foreign_keys=[filed_by_id])
    case: Mapped[Case | None] = relationship()
    decision: Mapped[Decision | None] = relationship()
    booking: Mapped[Booking | None] = relationship()
    handler: Mapped[StaffMember | None] = relationship()
    events: Mapped[list["ComplaintEvent"]] = relationship(
        back_populates="complaint", order_by="ComplaintEvent.id", cascade="all, delete-orphan",
    )

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def __repr__(self) -> str:
        return f"<Complaint {self.reference}>"


class ComplaintEvent(db.Model):
    """One step in a complaint's history, shown to the citizen in order."""

    __tablename__ = "complaint_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaint.id"), index=True)
    at: Mapped[datetime] = mapped_column(AwareDateTime())
    status: Mapped[str] = mapped_column(String(30))
    actor_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    actor_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id"))

    complaint: Mapped[Complaint] = relationship(back_populates="events")
    actor_person: Mapped[Person | None] = relationship()
    actor_staff: Mapped[StaffMember | None] = relationship()
