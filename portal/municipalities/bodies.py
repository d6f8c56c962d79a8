"""Complaint bodies with their contact details: the route is national law
(portal.rules.complaints), the municipal contacts come from the data file."""

from __future__ import annotations

from dataclasses import dataclass

from portal.rules.complaints import MUNICIPALITY_VISITATION, TRAINING_PROVIDER, Route, Subject, complaint_route

from . import national
from .schema import Municipality


@dataclass(frozen=True)
class Body:
    id: str
    name: str
    role: str
    address: str
    phone: str
    phone_hours: str
    email: str
    web: str
    how: str
    role_en: str = ""
    how_en: str = ""
    related: tuple = ()  # other contacts to write to (København: one e-mail per district)
    form: str = ""  # where the citizen complains or applies, when it is not `web`

    def as_json(self) -> dict:
        return {"id": self.id, "name": self.name, "address": self.address,
                "phone": self.phone, "email": self.email}


def body(m: Municipality, body_id: str) -> Body:
    if body_id in (MUNICIPALITY_VISITATION, TRAINING_PROVIDER):
        contact_id = (
            m.complaints.municipality_visitation
            if body_id == MUNICIPALITY_VISITATION
            else m.complaints.training_provider
        )
        c = m.contact(contact_id)
        return Body(body_id, c.name, c.role, c.address, c.phone, c.phone_hours, c.email, c.web, "", role_en=c.role_en,
                    related=tuple(m.contact(ref) for ref in c.related))
    n = national()[body_id]
    return Body(body_id, n.name, n.role, n.address, n.phone, n.phone_hours, n.email, n.web, n.how,
                role_en=n.role_en, how_en=n.how_en, form=n.form)


def route_bodies(m: Municipality, subject: Subject | str) -> tuple[Route, list[Body]]:
    route = complaint_route(subject)
    return route, [body(m, body_id) for body_id in route.bodies]
