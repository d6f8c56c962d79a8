"""The demo people (all CPR numbers fictional). Used by `flask demo load`,
the demo sign-in page and the browser tests; listed in the README."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoPerson:
    key: str
    cpr: str
    name: str
    municipality_id: str | None
    description: str
    email: str


@dataclass(frozen=True)
class DemoStaff:
    key: str
    subject: str
    name: str
    municipality_id: str
    roles: tuple[str, ...]
    description: str


PEOPLE = (
    DemoPerson("birthe", "1203551234", "Birthe Hansen", "glostrup",
               "71 år, Glostrup: bevilget genoptræning med træningsplan", "birthe@example.dk"),
    DemoPerson("mette", "0309812468", "Mette Hansen", "glostrup",
               "Birthes datter: har fuldmagt fra Birthe til alt", "mette@example.dk"),
    DemoPerson("jens", "1507813579", "Jens Nielsen", "herlev",
               "45 år, Herlev: ingen sag endnu", "jens@example.dk"),
    DemoPerson("karen", "0512792244", "Karen Nielsen", "herlev",
               "Jens' søster: ingen fuldmagt", "karen@example.dk"),
    DemoPerson("ali", "2202881357", "Ali Yilmaz", "koebenhavn",
               "38 år, København: har fået afslag", "ali@example.dk"),
)

STAFF = (
    DemoStaff("lone", "demo-glostrup-visitator", "Lone Jensen", "glostrup", ("visitator",),
              "Visitator, Glostrup"),
    DemoStaff("peter", "demo-glostrup-terapeut", "Peter Madsen", "glostrup", ("terapeut",),
              "Terapeut, Træningscentret Glostrup"),
    DemoStaff("susanne", "demo-glostrup-klage", "Susanne Berg", "glostrup", ("klagebehandler",),
              "Klagebehandler, Glostrup"),
    DemoStaff("hanne", "demo-glostrup-leder", "Hanne Lund", "glostrup", ("leder",),
              "Leder af Træningscentret, Glostrup"),
    DemoStaff("anders", "demo-herlev-visitator", "Anders Holm", "herlev", ("visitator",),
              "Visitator, Herlev"),
    DemoStaff("mads", "demo-koebenhavn-klage", "Mads Kofoed", "koebenhavn", ("klagebehandler",),
              "Klagebehandler, København"),
)

PEOPLE_BY_KEY = {p.key: p for p in PEOPLE}
STAFF_BY_KEY = {s.key: s for s in STAFF}
