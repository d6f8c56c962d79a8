"""Applying for training in a real browser: on one's own, with a fuldmagt,
as a relative without one (and the citizen confirming), refusing every
consent, the guide's hospital route, and all of it without JavaScript. The
visitator sees each application with the promised date."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
import time_machine
from playwright.sync_api import expect

from portal.rules.cancellation import COPENHAGEN
from tests.e2e.conftest import act_for, sign_in, sign_in_staff

pytestmark = pytest.mark.e2e

# Thursday 17 December 2026 10:00: 10 hverdage later is Wednesday 6 January
# 2027 (juleaftensdag, the Christmas days, nytårsaftensdag and nytårsdag are
# not hverdage). Glostrup and Herlev both promise 10 hverdage.
THURSDAY = datetime(2026, 12, 17, 10, 0, tzinfo=COPENHAGEN)
PROMISED = "onsdag den 6. januar 2027"


def proceed(page):
    page.get_by_role("button", name="Fortsæt").click()


def fill_application(page, *, who="Mig selv", relative=None, consents=("Din egen læge",), check_ret=False):
    """From /ansoeg to the receipt; returns the case reference."""
    page.goto("/ansoeg")
    page.get_by_role("button", name="Start ansøgningen").click()
    if who:
        page.get_by_label(who, exact=True).check()
        proceed(page)
    if relative:
        cpr, name, municipality = relative
        page.get_by_label("Personens cpr-nummer").fill(cpr)
        page.get_by_label("Personens fulde navn").fill(name)
        proceed(page)
        page.get_by_label(municipality, exact=True).check()
        proceed(page)
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Har {name} givet dig lov til at søge?")
        page.get_by_label("Jeg erklærer, at personen har givet mig lov").check()
        proceed(page)
    expect(page.get_by_text(re.compile(r"Trin \d af \d"))).to_be_visible()
    page.get_by_label("Genoptræning", exact=True).check()
    proceed(page)
    page.get_by_label("Nej", exact=True).check()
    proceed(page)
    page.get_by_label("Nej", exact=True).check()  # no referral to vederlagsfri fysioterapi
    proceed(page)
    page.get_by_label("Fortæl kort, hvad der er sket").fill("Jeg har haft influenza og er blevet meget svag.")
    proceed(page)
    page.get_by_label("At handle ind").check()
    page.get_by_label("At gå udendørs og bruge trapper").check()
    proceed(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("At handle ind: Hvor meget hjælp har du brug for?")
    page.get_by_label("Niveau 2 – Moderate begrænsninger").check()
    proceed(page)
    page.get_by_label("Niveau 3 – Svære begrænsninger").check()
    proceed(page)
    page.get_by_label("Fortæl med dine egne ord").fill("Handle ind selv og gå på trapper.")
    proceed(page)
    page.get_by_label("Kørsel til og fra træningen").check()
    proceed(page)
    expect(page.get_by_text("Så træffer kommunen afgørelsen på de oplysninger, den har.")).to_be_visible()
    for consent in consents:
        page.get_by_label(consent).check()
    proceed(page)
    page.get_by_label("Ja, jeg vil gerne have en bisidder med").check()
    proceed(page)
    page.get_by_label("Ring til mig").check()
    page.get_by_label("Telefonnummer").fill("12 34 56 78")
    page.get_by_label("Om formiddagen").check()
    proceed(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tjek dine svar")
    if check_ret:
        page.get_by_role("link", name="Ret svaret på: Hvad vil du gerne kunne igen?").click()
        page.get_by_label("Fortæl med dine egne ord").fill("Cykle til stationen igen.")
        proceed(page)
        expect(page.get_by_role("heading", level=1)).to_have_text("Tjek dine svar")
        expect(page.get_by_text("Cykle til stationen igen.")).to_be_visible()
    page.get_by_role("button", name="Send ansøgningen").click()
    reference = page.locator(".receipt-reference").inner_text()
    assert re.fullmatch(r"TP-[A-Z0-9]{3}-[A-Z0-9]{3}", reference)
    return reference


def visitator_sees(new_page, name, reference, citizen, promised=PROMISED):
    staff = new_page()
    sign_in_staff(staff, name)
    row = staff.locator("tr", has_text=reference)
    expect(row).to_contain_text(citizen)
    expect(row).to_contain_text(promised)
    expect(row).to_contain_text("17. december 2026")
    row.get_by_role("link", name=reference).click()
    expect(staff.get_by_role("heading", level=1)).to_have_text(f"Sag {reference}")
    staff.console_errors.assert_none()


def test_jens_applies_on_his_own_and_anders_sees_the_promised_date(page, new_page):
    with time_machine.travel(THURSDAY, tick=True):
        sign_in(page, "Jens Nielsen")
        reference = fill_application(page)
        expect(page.get_by_role("heading", level=1)).to_have_text("Ansøgningen er sendt")
        expect(page.get_by_text(f"Kommunen kontakter dig for at aftale et visitationsbesøg senest {PROMISED}.")).to_be_visible()
        expect(page.get_by_role("button", name="Udskriv kvitteringen")).to_be_visible()
        page.get_by_role("link", name="Følg sagen under Mine sager").click()
        expect(page.get_by_text(f"Senest {PROMISED}")).to_be_visible()
        visitator_sees(new_page, "Anders Holm", reference, "Jens Nielsen")
    page.console_errors.assert_none()


def test_mette_applies_for_birthe_with_her_fuldmagt_and_lone_sees_it(page, new_page):
    with time_machine.travel(THURSDAY, tick=True):
        sign_in(page, "Mette Hansen")
        act_for(page, "Birthe Hansen")
        reference = fill_application(page, who=None)
        expect(page.get_by_text(f"Birthe Hansen får en afgørelse senest {PROMISED}.")).to_be_visible()
        expect(page.locator(".receipt-counted-from")).to_contain_text("da kommunen modtog ansøgningen")
        visitator_sees(new_page, "Lone Jensen", reference, "Birthe Hansen")
        birthe = new_page()
        sign_in(birthe, "Birthe Hansen")
        birthe.goto("/mine-sager")
        expect(birthe.get_by_text(reference)).to_be_visible()
        birthe.goto(f"/mine-sager/{reference}")
        expect(birthe.get_by_text(re.compile("Mette Hansen søgte for dig med fuldmagt"))).to_be_visible()
        birthe.console_errors.assert_none()
    page.console_errors.assert_none()


def test_karen_applies_for_jens_without_a_fuldmagt_and_jens_confirms(page, new_page):
    with time_machine.travel(THURSDAY, tick=True):
        sign_in(page, "Karen Nielsen")
        reference = fill_application(page, who="En anden, for eksempel min mor, far eller ægtefælle",
                                     relative=("150781-3579", "Jens Nielsen", "Herlev Kommune"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Ansøgningen for Jens Nielsen er sendt")
        expect(page.get_by_text("Du kan ikke følge sagen. Det er kun Jens Nielsen, der kan se den.")).to_be_visible()
        page.goto("/mine-sager")
        expect(page.get_by_text(reference)).to_have_count(0)

        jens = new_page()
        sign_in(jens, "Jens Nielsen")
        expect(jens.get_by_role("heading", name="Bekræft en ansøgning om træning")).to_be_visible()
        jens.get_by_role("link", name=re.compile(f"Se ansøgningen {reference}")).click()
        expect(jens.get_by_text("Karen Nielsen har søgt om træning for dig")).to_be_visible()
        jens.get_by_role("button", name="Bekræft ansøgningen").click()
        expect(jens.get_by_text("Du har bekræftet ansøgningen. Nu behandler kommunen den.")).to_be_visible()
        expect(jens.get_by_text(f"Senest {PROMISED}")).to_be_visible()
        jens.console_errors.assert_none()

        visitator_sees(new_page, "Anders Holm", reference, "Jens Nielsen")
    page.console_errors.assert_none()


def test_a_citizen_refuses_every_consent_and_still_applies(page):
    with time_machine.travel(THURSDAY, tick=True):
        sign_in(page, "Jens Nielsen")
        reference = fill_application(page, consents=("Ingen steder. Jeg giver ikke samtykke.",))
        expect(page.get_by_role("heading", level=1)).to_have_text("Ansøgningen er sendt")
        expect(page.get_by_text("Nej. Kommunen træffer afgørelsen på de oplysninger, den har.")).to_be_visible()
        page.goto(f"/mine-sager/{reference}")
        expect(page.get_by_role("cell", name="Ikke givet")).to_have_count(4)
        expect(page.get_by_role("button", name=re.compile("Træk tilbage"))).to_have_count(0)
    page.console_errors.assert_none()


def test_the_guide_sends_a_hospitalised_citizen_to_the_hospital_plan(page):
    page.goto("/")
    page.get_by_role("link", name="Hvilket tilbud passer til mig?").click()
    page.get_by_role("button", name="Start").click()
    page.get_by_label("Glostrup Kommune").check()
    proceed(page)
    page.get_by_label("Hvornår er du født?").fill("12.03.1955")
    proceed(page)
    page.get_by_label("Ja, jeg er indlagt nu").check()
    proceed(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Du skal have en genoptræningsplan fra sygehuset")
    expect(page.get_by_text(re.compile("Du er indlagt på sygehus nu."))).to_be_visible()
    expect(page.get_by_text(re.compile("sundhedsloven § 140")).first).to_be_visible()
    expect(page.get_by_text(re.compile("Spørg personalet på afdelingen"))).to_be_visible()
    expect(page.get_by_role("link", name="Søg her")).to_have_count(0)
    page.console_errors.assert_none()


def test_the_application_sends_a_hospitalised_citizen_to_the_hospital_plan(page):
    sign_in(page, "Jens Nielsen")
    page.goto("/ansoeg")
    page.get_by_role("button", name="Start ansøgningen").click()
    page.get_by_label("Mig selv").check()
    proceed(page)
    page.get_by_label("Genoptræning", exact=True).check()
    proceed(page)
    page.get_by_label("Ja, jeg har været indlagt").check()
    proceed(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Har du fået en genoptræningsplan fra sygehuset?")
    page.get_by_label("Nej", exact=True).check()
    proceed(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Du skal have en genoptræningsplan fra sygehuset")
    expect(page.get_by_role("button", name="Søg alligevel")).to_have_count(0)
    page.get_by_role("link", name=re.compile("Ret dit svar på: Er du eller har du været indlagt")).click()
    page.get_by_label("Nej", exact=True).check()
    proceed(page)
    page.get_by_label("Nej", exact=True).check()  # no referral
    proceed(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hvad er der sket?")
    page.console_errors.assert_none()


def test_the_whole_application_works_without_javascript(new_page):
    page = new_page(java_script_enabled=False)
    with time_machine.travel(THURSDAY, tick=True):
        sign_in(page, "Jens Nielsen")
        page.goto("/ansoeg")
        page.get_by_role("button", name="Start ansøgningen").click()
        proceed(page)  # nothing chosen: the error summary, and the question is asked again
        expect(page.get_by_role("heading", name="Der er et problem")).to_be_visible()
        expect(page.get_by_role("link", name="Vælg, om du søger for dig selv eller for en anden.")).to_be_visible()
        page.goto("/ansoeg")  # the draft was saved: continue it
        other_tab = page.context.new_page()
        reference = fill_application_resuming(page, other_tab)
        expect(page.get_by_role("heading", level=1)).to_have_text("Ansøgningen er sendt")
        expect(page.get_by_text(f"senest {PROMISED}")).to_be_visible()
        # The same check page, open in another tab, sends nothing more.
        other_tab.get_by_role("button", name="Send ansøgningen").click()
        expect(other_tab.get_by_text("Ansøgningen er allerede sendt.")).to_be_visible()
        expect(other_tab.locator(".receipt-reference")).to_have_text(reference)
        page.goto("/mine-sager")
        expect(page.get_by_text(reference)).to_have_count(1)
    page.console_errors.assert_none()


def fill_application_resuming(page, other_tab):
    """Continue the saved draft, change an answer from Tjek dine svar, and
    open the check page in `other_tab` too before sending."""
    page.get_by_role("button", name="Fortsæt ansøgningen").click()
    page.get_by_label("Mig selv").check()
    proceed(page)
    page.get_by_label("Genoptræning", exact=True).check()
    proceed(page)
    page.get_by_label("Nej", exact=True).check()
    proceed(page)
    page.get_by_label("Nej", exact=True).check()  # no referral to vederlagsfri fysioterapi
    proceed(page)
    page.get_by_label("Fortæl kort, hvad der er sket").fill("Jeg faldt og er blevet usikker på benene.")
    page.get_by_label("Hvornår skete det, eller hvornår begyndte det?").fill("31.02.2026")
    proceed(page)
    expect(page.get_by_role("heading", name="Der er et problem")).to_be_visible()
    expect(page.get_by_label("Fortæl kort, hvad der er sket")).to_have_value("Jeg faldt og er blevet usikker på benene.")
    page.get_by_label("Hvornår skete det, eller hvornår begyndte det?").fill("01.12.2026")
    proceed(page)
    page.get_by_label("Ingen af dem").check()
    proceed(page)
    page.get_by_label("Fortæl med dine egne ord").fill("Gå ture i skoven.")
    proceed(page)
    page.get_by_label("Nej, ingen af dem").check()
    proceed(page)
    page.get_by_label("Sygehuset").check()
    proceed(page)
    page.get_by_label("Det ved jeg ikke endnu").check()
    proceed(page)
    page.get_by_label("Skriv en e-mail til mig").check()
    page.get_by_label("Det er lige meget").check()
    proceed(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tjek dine svar")
    page.get_by_role("link", name="Ret svaret på: Hvad vil du gerne kunne igen?").click()
    page.get_by_label("Fortæl med dine egne ord").fill("Gå ture i skoven med min hund.")
    proceed(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tjek dine svar")
    expect(page.get_by_text("Gå ture i skoven med min hund.")).to_be_visible()
    other_tab.goto("/ansoeg/tjek")
    page.get_by_role("button", name="Send ansøgningen").click()
    return page.locator(".receipt-reference").inner_text()
