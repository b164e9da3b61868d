"""Privacy (errors): text that could identify a child or a family.

NHS and National Insurance numbers, dates of birth, full postcodes, phone numbers and email
addresses outside contacts, and a person's name beside a word such as child, mother or victim.
Contacts, signatories, bylines and attributions may name people (`forms.person_named_fine`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from .core import Hit, Subject, issue_rule
from .forms import is_prose, person_named_fine

_DIGIT = re.compile(r"\d")
_NHS = re.compile(r"(?<![\d.,/])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d/])")
_NI = re.compile(
    r"\b(?!BG|GB|NK|KN|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b"
)
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (
    rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|{_DAY}\s+(?:of\s+)?{_MONTHS},?\s+\d{{4}}"
    rf"|{_MONTHS}\s+{_DAY},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
)
_DOB = re.compile(
    rf"\b(?:d\.?o\.?b\.?|date\s+of\s+birth|birth\s*date|born(?:\s+on)?)[\s:,(-]*{_DATE}", re.I
)
_POSTCODE = re.compile(r"\b[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}\b")
_PHONE = re.compile(
    r"(?<![\w+/.-])(?:\+44\s?(?:\(0\)\s?)?|\(?0)\d{2,5}\)?(?:[\s-]?\d{2,4}){1,3}(?![\w/-])"
)
_EMAIL = re.compile(r"\b[\w.+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")

#: Numbers an organisation answers, not a person: freephone, and 03 (charged as 01/02).
_ORGANISATION_PHONES = re.compile(r"^(?:080[08]|03\d\d|116\d\d\d)")
#: Email domains of public bodies, where an address is a professional's at work.
PUBLIC_DOMAINS = (
    "gov.uk",
    "gov.wales",
    "llyw.cymru",
    "nhs.uk",
    "nhs.net",
    "police.uk",
    "sch.uk",
    "ac.uk",
    "cjsm.net",
)

_FAMILY = (
    r"child|children|baby|babies|infant|toddler|newborn|mother|father|mum|dad|parents?|"
    r"step-?(?:father|mother|dad|mum|son|daughter)|partner|boyfriend|girlfriend|siblings?|"
    r"brother|sister|son|daughter|grand(?:mother|father|parents?|son|daughter)|uncle|aunt|"
    r"cousin|victim|girl|boy|teenager|pupil|nephew|niece"
)
_NAME = r"[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?"
_PERSON_PATTERNS = [
    # "mother Sarah", "the child, Daniel", "baby Jake"
    re.compile(rf"\b(?:{_FAMILY}),?\s+(?P<name>{_NAME})\b"),
    # "Jake's mother", "Sarah's younger brother"
    re.compile(rf"\b(?P<name>{_NAME})(?:'s|’s)\s+(?:[a-z]+\s+)?(?:{_FAMILY})\b"),
    # "Sarah, the mother", "Daniel, a pupil"
    re.compile(
        rf"\b(?P<name>{_NAME}),\s+(?:the|a|an|his|her|their)\s+(?:[a-z]+\s+)?(?:{_FAMILY})\b"
    ),
    # "Baby Peter", "Victim Sarah"
    re.compile(rf"\b(?:Baby|Child|Victim|Infant)\s+(?P<name>{_NAME})\b"),
]
#: Capitalised words that are not names: titles, organisations, services, months.
NOT_NAMES = frozenset(
    str.split(
        """
    The This That These Those A An And But Or Our We It He She They His Her Their In On At Of
    For With To From By As If When Where While All Some Any Each One Two Three Four Five Six
    Seven Eight Nine Ten Mr Mrs Ms Miss Dr Professor Sir Dame Lord Lady
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday Spring Summer Autumn Winter
    Safeguarding Child Children Childrens Young People Person Services Service Social Care
    Health Trust Board Partnership Partnerships Council Protection Plan Plans Review Reviews
    Case Cases Serious Practice Panel Centre Centres Center Team Teams Unit Act Sexual
    Exploitation Criminal Death Deaths Abuse Domestic Neglect Welfare Need Needs Looked After
    Family Families Court Courts Police School Schools Hospital Ward Department Office Agency
    Agencies Authority Local National Independent Specialist Mental Learning Development
    Institute Commissioner Matters First Line Foundation Charity Network Forum Group Sub Multi
    Programme Strategy Assessment Assessments Conference Hub Early Help Support Advocate Voice
    Rights Clinic Surgery Nursery Academy College University Church Visitor Visitors Nurse
    Nurses Worker Workers Safety Sleep Missing Minded Friendly Centred Focused Poverty Hearing
    Protocol Procedures Guidance Working Together Education England Wales Britain United Kingdom
    Accident Emergency Drugs Alcohol Adult Adults Adoption Fostering Foster Carers Carer Mother
    Father Baby Babies Parent Parents Victim Victims Boy Boys Girl Girls Son Daughter
    """
    )
)


@issue_rule
def identifiers(subject: Subject) -> Iterator[Hit]:
    """P101 NHS numbers, P102 National Insurance numbers, P103 dates of birth (anywhere)."""
    for loc, text in subject.texts:
        if _DIGIT.search(text):
            for match in _NHS.finditer(text):
                if nhs_checksum_ok("".join(match.groups())):
                    yield Hit(
                        "P101",
                        loc,
                        f"{match[0]!r} is an NHS number (its check digit is right), which "
                        "identifies a person. Remove it.",
                        match[0],
                    )
            for match in _NI.finditer(text):
                yield Hit(
                    "P102",
                    loc,
                    f"{match[0]!r} is a National Insurance number, which identifies a person. "
                    "Remove it.",
                    match[0],
                )
            for match in _DOB.finditer(text):
                yield Hit(
                    "P103",
                    loc,
                    f"{match[0]!r} gives a date of birth, which could identify a child. "
                    "Give an age or an age group instead, such as 'under 3'.",
                    match[0],
                )


def nhs_checksum_ok(digits: str) -> bool:
    """True when ten digits carry a valid NHS number check digit (modulus 11)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


@issue_rule
def contact_details(subject: Subject) -> Iterator[Hit]:
    """P104 postcodes, P105 phone numbers, P106 email addresses outside contacts."""
    known_phones, domains = _known_contacts(subject)
    for loc, text in subject.texts:
        if person_named_fine(loc):
            continue
        for match in _POSTCODE.finditer(text):
            yield Hit(
                "P104",
                loc,
                f"{match[0]!r} is a full postcode, which can point to a family's home. "
                "Give the town or the first half of the postcode, or move an office address "
                "into contacts.",
                match[0],
            )
        if "@" in text:
            for match in _EMAIL.finditer(text):
                domain = match[0].rsplit("@", 1)[1].lower()
                if not _domain_allowed(domain, domains):
                    yield Hit(
                        "P106",
                        loc,
                        f"{match[0]!r} is an email address outside contacts; a private "
                        "address could identify a person. Use the board's address, or add "
                        "this one to contacts (or its domain to checks.allowed_domains in "
                        "scrnews.yaml).",
                        match[0],
                    )
        if "0" in text or "+44" in text:
            for match in _PHONE.finditer(text):
                digits = _phone_digits(match[0])
                if (
                    len(digits) in (10, 11)
                    and digits not in known_phones
                    and not _ORGANISATION_PHONES.match(digits)
                ):
                    yield Hit(
                        "P105",
                        loc,
                        f"{match[0].strip()!r} is a phone number outside contacts; a private "
                        "number could identify a person. Give the board's number, or add this "
                        "one to contacts.",
                        match[0].strip(),
                    )


def _phone_digits(text: str) -> str:
    digits = re.sub(r"\D", "", text.replace("(0)", ""))
    return "0" + digits[2:] if digits.startswith("44") else digits


def _known_contacts(subject: Subject) -> tuple[set[str], set[str]]:
    """Phone numbers (digits) and email domains the issue and its board give as contacts."""
    phones: set[str] = set()
    domains = {d.lower() for d in subject.settings.allowed_domains}
    for loc, text in _all_strings(subject):
        if not person_named_fine(loc):
            continue
        for match in _PHONE.finditer(text):
            phones.add(_phone_digits(match[0]))
        for match in _EMAIL.finditer(text):
            domains.add(match[0].rsplit("@", 1)[1].lower())
        if loc[-1] == "website" and "//" in text:
            host = (urlsplit(text).hostname or "").lower()
            domains.add(host.removeprefix("www."))
    return phones, domains


def _all_strings(subject: Subject):
    from ..load import strings

    return strings(subject.doc.data)  # with the board's and contacts from scrnews.yaml


def _domain_allowed(domain: str, allowed: set[str]) -> bool:
    return any(domain == d or domain.endswith("." + d) for d in (*allowed, *PUBLIC_DOMAINS))


@issue_rule
def named_people(subject: Subject) -> Iterator[Hit]:
    """P107 a person's name next to a word such as child, baby, mother or victim."""
    own = _board_words(subject)
    for loc, text in subject.texts:
        if not is_prose(loc) or person_named_fine(loc):
            continue
        for pattern in _PERSON_PATTERNS:
            for match in pattern.finditer(text):
                name = match["name"]
                if name.split("'")[0].split("’")[0] in NOT_NAMES | own:
                    continue
                yield Hit(
                    "P107",
                    loc,
                    f"{match[0]!r} names a person beside a word for a child or a family "
                    "member, which could identify them. Write 'the child', 'Child A' or "
                    "'the mother' instead.",
                    match[0],
                )


def _board_words(subject: Subject) -> frozenset[str]:
    board = subject.data.get("board")
    words: set[str] = set()
    if isinstance(board, dict):
        for key in ("name", "short_name"):
            if isinstance(board.get(key), str):
                words.update(re.findall(r"[A-Z][a-z]+", board[key]))
    return frozenset(words)
