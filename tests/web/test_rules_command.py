"""`flask --app portal rules …` as DOMAIN.md §8 and §9 state it: one JSON
object on stdout and exit 0; bad input exits non-zero with one line on stderr.
The guide's answer for every person of the table (tests/rules/guide_people.py)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from portal import create_app
from tests.rules.guide_people import PEOPLE


@pytest.fixture(scope="module")
def cli():
    app = create_app({"TESTING": True, "PORTAL_ENV": "test", "SECRET_KEY": "x",
                      "SQLALCHEMY_DATABASE_URI": "sqlite://", "RATELIMIT_ENABLED": False})
    return app.test_cli_runner()


def run(cli, *args):
    return cli.invoke(args=["rules", *args])


def ok(cli, *args) -> dict:
    result = run(cli, *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("\n") == 1
    return json.loads(result.stdout)


def refused(cli, *args) -> str:
    result = run(cli, *args)
    assert result.exit_code != 0
    assert result.stdout == ""
    assert result.stderr.strip() and result.stderr.strip().count("\n") == 0, result.stderr
    return result.stderr


def guide_args(person) -> list[str]:
    args = ["guide", "--municipality", person.municipality, "--born", person.born.isoformat(),
            "--on", person.on.isoformat(), "--hospital", person.hospital or "no", "--need", person.need or "regain"]
    if person.plan:
        args += ["--plan", "yes" if person.plan == "yes" else "no"]
    for option, value in (("--referral", person.referral), ("--care", person.care), ("--group", person.group)):
        if value:
            args += [option, value]
    if isinstance(person.last_course, date):
        args += ["--last-course", person.last_course.isoformat()]
    return args


@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p.id)
def test_rules_guide_answers_every_person_of_the_table(cli, person):
    assert ok(cli, *guide_args(person)) == {
        "outcome": person.outcome, "law": person.law, "apply_here": person.apply_here,
        "earliest": person.earliest.isoformat() if person.earliest else None,
    }


def test_rules_guide_defaults_plan_referral_care_and_group(cli):
    base = ["guide", "--municipality", "koebenhavn", "--born", "1986-02-02", "--on", "2026-12-01",
            "--hospital", "no", "--need", "regain"]
    assert ok(cli, *base)["outcome"] == "other_administration"  # --group defaults to none
    assert ok(cli, *base, "--group", "handicap")["outcome"] == "apply"
    herlev = ["guide", "--municipality", "herlev", "--born", "1950-01-01", "--on", "2026-12-01",
              "--hospital", "discharged", "--need", "regain"]
    assert ok(cli, *herlev)["outcome"] == "hospital_plan"  # --plan defaults to no
    assert ok(cli, *herlev[:-4], "--hospital", "no", "--need", "regain")["outcome"] == "apply"  # --care no


@pytest.mark.parametrize("args", [
    ["guide", "--municipality", "glostrup", "--on", "2026-12-01", "--hospital", "no", "--need", "regain"],
    ["guide", "--municipality", "glostrup", "--born", "1950-01-01", "--hospital", "no", "--need", "regain"],
    ["guide", "--municipality", "glostrup", "--born", "1950-01-01", "--on", "2026-12-01", "--need", "regain"],
    ["guide", "--municipality", "glostrup", "--born", "1950-01-01", "--on", "2026-12-01", "--hospital", "no"],
    ["guide", "--municipality", "atlantis", "--born", "1950-01-01", "--on", "2026-12-01", "--hospital", "no", "--need", "regain"],
    ["guide", "--municipality", "glostrup", "--born", "1950-02-30", "--on", "2026-12-01", "--hospital", "no", "--need", "regain"],
    ["guide", "--municipality", "glostrup", "--born", "1950-01-01", "--on", "2026-13-01", "--hospital", "no", "--need", "regain"],
    ["guide", "--municipality", "glostrup", "--born", "2030-01-01", "--on", "2026-12-01", "--hospital", "no", "--need", "regain"],
    ["guide", "--municipality", "glostrup", "--born", "1950-01-01", "--on", "2026-12-01", "--hospital", "maybe", "--need", "regain"],
    ["guide", "--municipality", "glostrup", "--born", "1950-01-01", "--on", "2026-12-01", "--hospital", "no", "--need", "x"],
    ["guide", "--municipality", "glostrup", "--born", "1950-01-01", "--on", "2026-12-01", "--hospital", "no", "--need", "regain", "--plan", "maybe"],
    ["guide", "--municipality", "glostrup", "--born", "1950-01-01", "--on", "2026-12-01", "--hospital", "no", "--need", "regain", "--group", "other"],
    ["guide", "--municipality", "glostrup", "--born", "1950-01-01", "--on", "2026-12-01", "--hospital", "no", "--need", "maintain", "--last-course", "2026-02-31"],
    ["guide", "--municipality", "glostrup", "--born", "1950-01-01", "--on", "2026-12-01", "--hospital", "no", "--need", "regain", "--nonsense", "1"],
    ["pension-age"],
    ["pension-age", "--born", "1960-13-01"],
    ["born"],
    ["born", "--cpr", "1203551234x"],
    ["born", "--cpr", "12-03-55-1234"],
    ["born", "--cpr", "320155-1234"],
    ["born", "--cpr", "abcdef-ghij"],
])
def test_bad_input_exits_non_zero_with_one_line_on_stderr(cli, args):
    refused(cli, *args)


def test_pension_age_as_the_contract_shows_it(cli):
    assert ok(cli, "pension-age", "--born", "1960-05-01") == {"date": "2027-05-01", "years": 67.0}
    assert ok(cli, "pension-age", "--born", "1954-03-10") == {"date": "2019-09-10", "years": 65.5}
    assert ok(cli, "pension-age", "--born", "1971-01-01") == {"date": "2041-01-01", "years": 70.0}


@pytest.mark.parametrize("cpr, born", [
    ("120355-1234", "1955-03-12"), ("010110-4000", "2010-01-01"), ("010150-4000", "1950-01-01"),
    ("010160-5000", "1860-01-01"), ("010120-6000", "2020-01-01"), ("311236-9000", "2036-12-31"),
])
def test_born_reads_the_century_from_the_cpr_number(cli, cpr, born):
    assert ok(cli, "born", "--cpr", cpr) == {"born": born}


def test_cancel_as_the_contract_example(cli):
    assert ok(cli, "cancel", "--municipality", "glostrup", "--start", "2026-11-12T14:00",
              "--at", "2026-11-11T09:00", "--reason", "other") == {
        "on_time": True, "deadline": "2026-11-11T12:00:00+01:00", "replacement": False}


@pytest.mark.parametrize("municipality, kind, start, deadline", [
    ("glostrup", "response", "2026-12-17", "2027-01-06"),  # 10 hverdage
    ("glostrup", "start", "2026-12-01", "2027-01-04"),  # 20 hverdage (24, 25 and 31 December and 1 January are off)
    ("glostrup", "complaint", "2026-12-01", "2026-12-29"),  # 4 uger
    ("herlev", "response", "2026-12-17", "2027-01-06"),
    ("herlev", "start", "2026-12-01", "2026-12-15"),  # 14 dage
    ("ballerup", "response", "2026-12-01", "2026-12-15"),  # 14 dage for § 86, not 5 hverdage (§ 140)
    ("ballerup", "start", "2026-12-01", None),
    ("koebenhavn", "response", "2026-12-01", "2026-12-15"),
    ("koebenhavn", "start", "2026-12-01", "2026-12-08"),
    ("koebenhavn", "complaint", "2026-12-01", "2026-12-29"),
])
def test_deadline_answers_the_domain_table(cli, municipality, kind, start, deadline):
    answer = ok(cli, "deadline", "--municipality", municipality, "--kind", kind, "--from", start)
    assert answer["deadline"] == deadline
    assert answer["rule"]
