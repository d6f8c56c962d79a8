"""Realistic citizens of the five standards and the route each must get
(DOMAIN.md §9). The same rows drive the rules (tests/rules/test_routing_table.py),
the rules command, and the guide's pages (tests/web/test_guide_table.py).

A fact left as None is one the guide must NOT ask this person (the rules and
the command then use §9's defaults: plan, referral and care "no", group
"none", no earlier course). Each row cites the source its expectation comes
from: a file and a heading, or a row of DOMAIN.md §9.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Person:
    id: str
    municipality: str
    born: date
    on: date
    hospital: str | None  # no | admitted | discharged (None: not asked)
    need: str | None  # regain | maintain
    outcome: str
    law: str | None
    apply_here: bool
    source: str
    plan: str | None = None  # yes | no | unsure
    referral: str | None = None  # yes | no
    care: str | None = None
    group: str | None = None
    last_course: date | str | None = None  # a date, "none" (never had one), or None (not asked)
    earliest: date | None = None


D = date
ON = D(2026, 12, 1)  # a Tuesday

PEOPLE: tuple[Person, ...] = (
    # ------------------------------------------------------------ Glostrup
    Person("glostrup-genoptraening-40", "glostrup", D(1986, 3, 14), ON, "no", "regain", "apply", "sel_86_1", True,
           "glostrup-2024.txt: Hvem kan få træning?; DOMAIN.md §9 row 8", referral="no"),
    Person("glostrup-vedligehold-first-course", "glostrup", D(1950, 6, 2), ON, "no", "maintain", "apply", "sel_86_2", True,
           "glostrup-2024.txt: Hvad får man genoptræning/vedligeholdelsestræning til?; DOMAIN.md §9 row 9",
           referral="no", last_course="none"),
    Person("glostrup-vedligehold-3-months-ago", "glostrup", D(1948, 1, 20), ON, "no", "maintain", "apply", "sel_86_2", True,
           "glostrup-2024.txt: Hvad får man genoptræning/vedligeholdelsestræning til? (6 mdr. mellem forløbene)",
           referral="no", last_course=D(2026, 9, 1), earliest=D(2027, 3, 1)),
    Person("glostrup-vedligehold-exactly-6-months", "glostrup", D(1948, 1, 20), ON, "no", "maintain", "apply", "sel_86_2", True,
           "DOMAIN.md §9 (a course that ended less than the interval before gives earliest)",
           referral="no", last_course=D(2026, 6, 1)),
    Person("glostrup-vedligehold-month-end", "glostrup", D(1944, 11, 5), ON, "no", "maintain", "apply", "sel_86_2", True,
           "DOMAIN.md §9 (same day of the month, or the month's last day)",
           referral="no", last_course=D(2026, 8, 31), earliest=D(2027, 2, 28)),
    Person("glostrup-selvtraening-after-140", "glostrup", D(1952, 9, 9), ON, "discharged", "maintain", "apply", "sel_86_2", True,
           "glostrup-2024.txt: Vedligeholdende træning, hold. ”Selvtræning”; DOMAIN.md §9 row 9",
           referral="no", last_course="none"),
    Person("glostrup-after-140-course-2-months", "glostrup", D(1952, 9, 9), ON, "discharged", "maintain", "apply", "sel_86_2", True,
           "glostrup-2024.txt: Hvad får man genoptræning/vedligeholdelsestræning til?",
           referral="no", last_course=D(2026, 10, 2), earliest=D(2027, 4, 2)),
    Person("glostrup-discharged-with-plan", "glostrup", D(1958, 12, 24), ON, "discharged", "regain", "plan_140", "sundl_140", False,
           "DOMAIN.md §9 row 3", plan="yes"),
    Person("glostrup-discharged-no-plan", "glostrup", D(1958, 12, 24), ON, "discharged", "regain", "hospital_plan", "sundl_140", False,
           "DOMAIN.md §9 row 4", plan="no"),
    Person("glostrup-admitted", "glostrup", D(1940, 2, 2), ON, "admitted", None, "hospital_plan", "sundl_140", False,
           "glostrup-2024.txt: Lovgrundlag; DOMAIN.md §9 row 2"),
    Person("glostrup-17", "glostrup", D(2009, 6, 1), ON, None, None, "children", None, False,
           "DOMAIN.md §9 row 1"),
    Person("glostrup-18-today", "glostrup", D(2008, 12, 1), ON, "no", "regain", "apply", "sel_86_1", True,
           "DOMAIN.md §9 rows 1 and 8", referral="no"),
    Person("glostrup-ms-referral", "glostrup", D(1975, 4, 4), ON, "no", None, "vederlagsfri_140a", "sundl_140a", False,
           "DOMAIN.md §9 row 5", referral="yes"),
    # -------------------------------------------------------------- Herlev
    Person("herlev-70-regain-needs-care", "herlev", D(1956, 4, 2), ON, "no", "regain", "helhedspleje", "aeldrel_9_10", False,
           "herlev-current.txt: Hvad er kvalitetsstandarden – og hvem gælder den for?; DOMAIN.md §9 row 6",
           referral="no", care="yes"),
    Person("herlev-70-regain-no-care", "herlev", D(1956, 4, 2), ON, "no", "regain", "apply", "sel_86_1", True,
           "herlev-current.txt: Hvad er kvalitetsstandarden – og hvem gælder den for?; DOMAIN.md §9 row 8",
           referral="no", care="no"),
    Person("herlev-70-maintain", "herlev", D(1956, 4, 2), ON, "no", "maintain", "apply", "sel_86_2", True,
           "herlev-current.txt: Vedligeholdende træning; DOMAIN.md §9 row 9", referral="no"),
    Person("herlev-pension-age-today", "herlev", D(1959, 11, 23), D(2026, 11, 23), "no", "regain", "helhedspleje", "aeldrel_9_10", False,
           "DOMAIN.md §9 (at or over folkepensionsalder from the day it is reached; 67 for 1955-1962)",
           referral="no", care="yes"),
    Person("herlev-pension-age-tomorrow", "herlev", D(1959, 11, 24), D(2026, 11, 23), "no", "regain", "apply", "sel_86_1", True,
           "herlev-current.txt: Genoptræning til afhjælpning af fysisk funktionsnedsættelse forårsaget af sygdom (18 år til folkepensionsalderen)",
           referral="no"),
    Person("herlev-born-1954-day-before", "herlev", D(1954, 3, 10), D(2019, 9, 9), "no", "regain", "apply", "sel_86_1", True,
           "DOMAIN.md §9 (65½ for 1 Jan-30 Jun 1954)", referral="no"),
    Person("herlev-born-1954-pension-day", "herlev", D(1954, 3, 10), D(2019, 9, 10), "no", "regain", "helhedspleje", "aeldrel_9_10", False,
           "DOMAIN.md §9 (65½ for 1 Jan-30 Jun 1954); row 6", referral="no", care="yes"),
    Person("herlev-born-1967-at-68", "herlev", D(1967, 6, 15), D(2035, 6, 15), "no", "regain", "apply", "sel_86_1", True,
           "DOMAIN.md §9 (69 for 1967-1970)", referral="no"),
    Person("herlev-45", "herlev", D(1981, 7, 15), ON, "no", "regain", "apply", "sel_86_1", True,
           "herlev-current.txt: Genoptræning til afhjælpning af fysisk funktionsnedsættelse forårsaget af sygdom", referral="no"),
    Person("herlev-admitted", "herlev", D(1981, 7, 15), ON, "admitted", None, "hospital_plan", "sundl_140", False,
           "herlev-current.txt: Genoptræning til afhjælpning af fysisk funktionsnedsættelse forårsaget af sygdom (indlagt); DOMAIN.md §9 row 2"),
    Person("herlev-discharged-with-plan", "herlev", D(1950, 1, 1), ON, "discharged", "regain", "plan_140", "sundl_140", False,
           "DOMAIN.md §9 row 3 (before the helhedspleje row)", plan="yes"),
    Person("herlev-parkinson-referral", "herlev", D(1950, 1, 1), ON, "no", None, "vederlagsfri_140a", "sundl_140a", False,
           "herlev-current.txt: Vedligeholdende træning (vederlagsfri fysioterapi); DOMAIN.md §9 row 5 before row 6",
           referral="yes"),
    Person("herlev-16", "herlev", D(2010, 5, 1), ON, None, None, "children", None, False, "DOMAIN.md §9 row 1"),
    # ----------------------------------------------------------- København
    Person("koebenhavn-40-handicap-regain", "koebenhavn", D(1986, 2, 2), ON, "no", "regain", "apply", "sel_86_1", True,
           "koebenhavn-sof-2010.txt: 3.3 Hjemmeplejens målgruppe", referral="no", group="handicap"),
    Person("koebenhavn-40-sindslidelse-maintain", "koebenhavn", D(1986, 2, 2), ON, "no", "maintain", "apply", "sel_86_2", True,
           "koebenhavn-sof-2010.txt: 3.3 Hjemmeplejens målgruppe", referral="no", group="sindslidelse"),
    Person("koebenhavn-30-misbrug-maintain", "koebenhavn", D(1996, 8, 8), ON, "no", "maintain", "apply", "sel_86_2", True,
           "koebenhavn-sof-2010.txt: 3.3 Hjemmeplejens målgruppe", referral="no", group="misbrug"),
    Person("koebenhavn-40-outside-target-group", "koebenhavn", D(1986, 2, 2), ON, "no", "regain", "other_administration", "sel_86_1", False,
           "koebenhavn-sof-2010.txt: 3.3 Hjemmeplejens målgruppe; DOMAIN.md §9 row 7", referral="no", group="none"),
    Person("koebenhavn-65-handicap", "koebenhavn", D(1961, 5, 1), ON, "no", "maintain", "apply", "sel_86_2", True,
           "koebenhavn-sof-2010.txt: 3.3 Hjemmeplejens målgruppe (18 til 65 år)", referral="no", group="handicap"),
    Person("koebenhavn-66-maintain", "koebenhavn", D(1960, 11, 30), ON, "no", "maintain", "other_administration", "sel_86_2", False,
           "koebenhavn-sof-2010.txt: 3.3 Hjemmeplejens målgruppe (over 65 år); DOMAIN.md §9 row 7", referral="no"),
    Person("koebenhavn-80-regain", "koebenhavn", D(1946, 3, 3), ON, "no", "regain", "other_administration", "sel_86_1", False,
           "koebenhavn-sof-2010.txt: 3.3 Hjemmeplejens målgruppe; DOMAIN.md §9 row 7", referral="no"),
    Person("koebenhavn-70-with-plan", "koebenhavn", D(1956, 1, 1), ON, "discharged", "regain", "plan_140", "sundl_140", False,
           "koebenhavn-sof-2010.txt: 3.1 Genoptræning efter sundhedsloven (uanset alder)", plan="yes"),
    Person("koebenhavn-30-with-plan", "koebenhavn", D(1996, 8, 8), ON, "discharged", "regain", "plan_140", "sundl_140", False,
           "koebenhavn-sof-2010.txt: 3.1 Genoptræning efter sundhedsloven", plan="yes"),
    Person("koebenhavn-unsure-about-plan", "koebenhavn", D(1996, 8, 8), ON, "discharged", "regain", "hospital_plan", "sundl_140", False,
           "DOMAIN.md §9 row 4 (ask the ward or your own doctor)", plan="unsure"),
    Person("koebenhavn-after-140-handicap-maintain", "koebenhavn", D(1990, 10, 10), ON, "discharged", "maintain", "apply", "sel_86_2", True,
           "koebenhavn-sof-2010.txt: 10.2 vedligeholdende træning i hjemmet (i forlængelse af genoptræning)",
           referral="no", group="handicap"),
    Person("koebenhavn-ms-referral", "koebenhavn", D(1980, 1, 1), ON, "no", None, "vederlagsfri_140a", "sundl_140a", False,
           "DOMAIN.md §9 row 5", referral="yes"),
    Person("koebenhavn-17", "koebenhavn", D(2009, 11, 30), ON, None, None, "children", None, False, "DOMAIN.md §9 row 1"),
    # ------------------------------------------------------------- Ballerup
    Person("ballerup-with-plan", "ballerup", D(1949, 9, 19), ON, "discharged", "regain", "plan_140", "sundl_140", False,
           "ballerup-2011.txt: Genoptræning efter Sundhedslovens § 140", plan="yes"),
    Person("ballerup-ms-referral", "ballerup", D(1970, 3, 3), ON, "no", None, "vederlagsfri_140a", "sundl_140a", False,
           "ballerup-2011.txt: Vederlagsfri fysioterapi efter Sundhedsloven § 140a", referral="yes"),
    Person("ballerup-70-maintain", "ballerup", D(1956, 5, 5), ON, "no", "maintain", "apply", "sel_86_2", True,
           "ballerup-2011.txt: Vedligeholdende træning efter Lov om social service § 86,2", referral="no"),
    Person("ballerup-50-regain", "ballerup", D(1976, 6, 6), ON, "no", "regain", "apply", "sel_86_1", True,
           "ballerup-2011.txt: Genoptræning efter Lov om social service § 86,1", referral="no"),
    Person("ballerup-admitted", "ballerup", D(1976, 6, 6), ON, "admitted", None, "hospital_plan", "sundl_140", False,
           "ballerup-2011.txt: Genoptræning efter Sundhedslovens § 140; DOMAIN.md §9 row 2"),
    Person("ballerup-discharged-no-plan", "ballerup", D(1976, 6, 6), ON, "discharged", "regain", "hospital_plan", "sundl_140", False,
           "ballerup-2011.txt: Genoptræning efter Sundhedslovens § 140 (kun med genoptræningsplan); DOMAIN.md §9 row 4",
           plan="no"),
    Person("ballerup-80-regain", "ballerup", D(1946, 1, 1), ON, "no", "regain", "apply", "sel_86_1", True,
           "ballerup-2011.txt: Genoptræning efter Lov om social service § 86,1 (ingen aldersgrænse)", referral="no"),
    Person("ballerup-17", "ballerup", D(2009, 6, 30), ON, None, None, "children", None, False, "DOMAIN.md §9 row 1"),
)
