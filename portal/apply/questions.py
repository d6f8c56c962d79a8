"""The application's vocabulary: daily activities, the Fælles Sprog II scale,
practical needs, consent sources and contact choices, in one place so forms,
pages, the receipt and the visitator's view say the same thing."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Choice:
    id: str
    label: object  # a lazy string
    hint: object = ""


# Daily activities the visitation asks about (København 3.4.1 Tildelingskriterier:
# "tage bad, klæde sig på, sørge for måltider, indkøb og rengøring"), plus moving
# about and getting out, which decide most training.
ACTIVITIES: tuple[Choice, ...] = (
    Choice("hygiene", _l("Personlig hygiejne, for eksempel at tage bad")),
    Choice("dressing", _l("At klæde dig af og på")),
    Choice("meals", _l("At lave mad og spise")),
    Choice("shopping", _l("At handle ind")),
    Choice("cleaning", _l("At gøre rent og vaske tøj")),
    Choice("moving_indoors", _l("At gå og bevæge dig rundt indendørs")),
    Choice("moving_outdoors", _l("At gå udendørs og bruge trapper")),
    Choice("social", _l("At komme ud og være sammen med andre")),
)
ACTIVITY_BY_ID = {choice.id: choice for choice in ACTIVITIES}


@dataclass(frozen=True)
class Level:
    value: int
    title: object
    description: object


# Funktionsniveauer i Fælles Sprog II, as København's standard gives them
# (koebenhavn-sof-2010.txt, 3.4.1 Tildelingskriterier), in second person.
FUNCTION_LEVELS: tuple[Level, ...] = (
    Level(0, _l("Niveau 0 – Ingen eller ubetydelige begrænsninger"),
          _l("Du klarer det selv og har ikke brug for hjælp fra andre.")),
    Level(1, _l("Niveau 1 – Lette begrænsninger"),
          _l("Du gør det selv og kan klare det med lidt hjælp fra en anden.")),
    Level(2, _l("Niveau 2 – Moderate begrænsninger"),
          _l("Du gør det selv, men kun hvis en anden hjælper dig en del.")),
    Level(3, _l("Niveau 3 – Svære begrænsninger"),
          _l("Du deltager, men kan kun gøre det, hvis en anden hjælper dig meget.")),
    Level(4, _l("Niveau 4 – Totale begrænsninger"),
          _l("Du kan ikke gøre det selv og har brug for, at en anden gør det hele for dig.")),
)
LEVEL_BY_VALUE = {level.value: level for level in FUNCTION_LEVELS}

NEEDS: tuple[Choice, ...] = (
    Choice("transport", _l("Kørsel til og fra træningen"), _l("Hvis du ikke selv kan komme frem.")),
    Choice("interpreter", _l("Tolk"), _l("Hvis du har brug for en tolk til samtalen og træningen.")),
    Choice("home", _l("Træning i mit hjem"), _l("Hvis du ikke kan komme ud for at træne.")),
    Choice("hearing", _l("Hjælp, fordi jeg hører dårligt")),
    Choice("sight", _l("Hjælp, fordi jeg ser dårligt")),
)
NEED_BY_ID = {choice.id: choice for choice in NEEDS}
NO_NEEDS = "none"

# Where the municipality may gather information, each consent optional and
# withdrawable (DOMAIN.md §2; København 3.4.2 Samtykkeerklæring).
CONSENT_SOURCES: tuple[Choice, ...] = (
    Choice("gp", _l("Din egen læge")),
    Choice("hospital", _l("Sygehuset")),
    Choice("home_care", _l("Hjemmeplejen")),
    Choice("municipal", _l("Andre afdelinger i kommunen")),
)
CONSENT_BY_ID = {choice.id: choice for choice in CONSENT_SOURCES}
NO_CONSENT = "none"

BISIDDER: tuple[Choice, ...] = (
    Choice("yes", _l("Ja, jeg vil gerne have en bisidder med")),
    Choice("no", _l("Nej")),
    Choice("unsure", _l("Det ved jeg ikke endnu")),
)
BISIDDER_BY_ID = {choice.id: choice for choice in BISIDDER}

CONTACT_METHODS: tuple[Choice, ...] = (
    Choice("phone", _l("Ring til mig")),
    Choice("email", _l("Skriv en e-mail til mig")),
    Choice("letter", _l("Send et brev i Digital Post")),
)
CONTACT_BY_ID = {choice.id: choice for choice in CONTACT_METHODS}

CONTACT_TIMES: tuple[Choice, ...] = (
    Choice("morning", _l("Om formiddagen")),
    Choice("afternoon", _l("Om eftermiddagen")),
    Choice("any", _l("Det er lige meget")),
)
CONTACT_TIME_BY_ID = {choice.id: choice for choice in CONTACT_TIMES}

HOSPITAL: tuple[Choice, ...] = (
    Choice("now", _l("Ja, jeg er indlagt nu")),
    Choice("before", _l("Ja, jeg har været indlagt")),
    Choice("no", _l("Nej")),
)
HOSPITAL_BY_ID = {choice.id: choice for choice in HOSPITAL}

ONSET: tuple[Choice, ...] = (
    Choice("sudden", _l("Genoptræning"),
           _l("Du har mistet kræfter eller færdigheder efter en sygdom og vil gerne have dem tilbage.")),
    Choice("lasting", _l("Vedligeholdende træning"),
           _l("Du har en varig nedsat funktionsevne og vil gerne bevare det, du kan.")),
)
ONSET_BY_ID = {choice.id: choice for choice in ONSET}


def label(table: dict, key) -> str:
    choice = table.get(key)
    return str(choice.label) if choice is not None else ""

# The routing facts of DOMAIN.md §9 that the guide and the application ask
# (portal/guide/forms.py): the answer's id and its label.
PLAN: tuple[Choice, ...] = (
    Choice("yes", _l("Ja")),
    Choice("no", _l("Nej")),
    Choice("unsure", _l("Det ved jeg ikke")),
)
PLAN_BY_ID = {choice.id: choice for choice in PLAN}

YES_NO: tuple[Choice, ...] = (Choice("yes", _l("Ja")), Choice("no", _l("Nej")))
YES_NO_BY_ID = {choice.id: choice for choice in YES_NO}

CARE: tuple[Choice, ...] = (
    Choice("yes", _l("Ja, jeg har brug for hjælp til for eksempel personlig pleje eller praktiske opgaver")),
    Choice("no", _l("Nej")),
)
CARE_BY_ID = {choice.id: choice for choice in CARE}

GROUP: tuple[Choice, ...] = (
    Choice("handicap", _l("Jeg har et fysisk eller psykisk handicap")),
    Choice("sindslidelse", _l("Jeg har en sindslidelse")),
    Choice("misbrug", _l("Jeg har et misbrug")),
    Choice("none", _l("Ingen af dem")),
)
GROUP_BY_ID = {choice.id: choice for choice in GROUP}
