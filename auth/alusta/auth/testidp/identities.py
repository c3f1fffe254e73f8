"""Synthetic test persons: individual numbers 900-999 only, incl. the 2023 century signs."""

from dataclasses import dataclass

from alusta.auth.identifiers import parse_hetu


@dataclass(frozen=True)
class SyntheticPerson:
    key: str
    given_name: str
    family_name: str
    hetu: str


# DVV's fictional codes with the new signs and Suomi.fi test-tool codes (notes/oidc.md §1.4).
PERSONS: tuple[SyntheticPerson, ...] = (
    SyntheticPerson("tessa", "Tessa", "Testilä", "010280-952L"),
    SyntheticPerson("joni", "Joni Kristian", "Kivi", "010469-999W"),
    SyntheticPerson("anna", "Anna-Liisa", "Sallinen", "010675-9981"),
    SyntheticPerson("yrjo", "Yrjö", "Ypsilon", "010594Y9032"),
    SyntheticPerson("xenia", "Xenia", "Äksä", "020594X903P"),
    SyntheticPerson("wilma", "Wilma", "Tupla-Vee", "030594W903B"),
    SyntheticPerson("veikko", "Veikko", "Vee", "040594V9030"),
    SyntheticPerson("ulla", "Ulla", "Uu", "050594U903M"),
    SyntheticPerson("bea", "Bea", "Bee", "010516B903X"),
    SyntheticPerson("celia", "Celia", "Cee", "020516C903K"),
    SyntheticPerson("daniel", "Daniel", "Dee", "030516D9037"),
    SyntheticPerson("eemeli", "Eemeli", "Ee", "010501E9032"),
    SyntheticPerson("fanni", "Fanni", "Äf", "020503F9037"),
)
PERSONS_BY_KEY = {person.key: person for person in PERSONS}


def check_persons() -> None:
    for person in PERSONS:
        assert parse_hetu(person.hetu, allow_synthetic=True).is_synthetic
