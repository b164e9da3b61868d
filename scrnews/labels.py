"""Words the theme prints around the content, in English and Welsh."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only a type here; fields.py imports pydantic, which labels need not wait for
    from .period import Period

LABELS: dict[str, dict[str, str]] = {
    "en-GB": {
        "language": "en-GB",  # the set's own tag, for code that counts and mutates in it
        "issue": "Issue",
        "volume": "Volume",
        "review_type": "Type",
        "review_status": "Status",
        "review_started": "Started",
        "review_completed": "Completed",
        "review_published": "Published",
        "learning_points": "Learning points",
        "review_themes": "Themes",
        "date_to": "to",
        "online": "Online",
        "audience": "For",
        "cost": "Cost",
        "book": "Book a place",
        "add_to_calendar": "Add to your calendar",
        "website": "Website",
        "skip": "Skip to main content",
        "contents": "Contents",
        "page": "Page",
        "of": "of",
        "introduction": "Introduction",
        "foreword": "Foreword",
        "local_reviews": "Our local reviews",
        "initiatives": "Learning from local cases",
        "action_plans": "Monitoring of action plans",
        "national_studies": "National learning",
        "local_learning": "Local learning and training",
        "further_reading": "Further reading and procedures",
        "contacts": "Contacts",
        "feedback": "Your views",
        "published_by": "Published by",
        "email": "Email",
        "phone": "Phone",
        "owner": "Owner",
        "due": "Due",
        "status": "Status",
        "action": "Action",
        "red": "Red",
        "amber": "Amber",
        "green": "Green",
        "complete": "Complete",
        "alt_formats_heading": "Other formats",
        "alt_formats": "If you need this newsletter in another format, such as large print, "
        "easy read, audio or another language, please contact",
        "published": "Published",
        "draft": "Draft: not for publication",
        "footer_made": "Made with scrnews",
        "pdf_link": "Download this issue as a PDF",
        "view_online": "View this newsletter in your browser",
        "table": "Table",
        "bilingual_pdf_link": "Download this issue in Welsh and English as a PDF",
        "language_switch": "Language",
        # The other-formats sentence: "… please contact <board> at <email> or phone <phone>."
        "by_email": "at",
        "by_website": "through",
        "or_phone": "or phone",
        "by_phone": "by phone on",
        # After a count in the action tracker's summary: "2 red, 1 amber".
        "rag_red": "red",
        "rag_amber": "amber",
        "rag_green": "green",
        "rag_complete": "complete",
        # Figures (scrnews/charts.py) and the action tracker
        "figures_heading": "The reviews in figures",
        "figures_numbers": "Show the numbers",
        "figures_count": "Number of reviews",
        "review": "review",
        "reviews": "reviews",
        "actions_count": "actions",
        "chart_bar_desc": "Bar chart: each bar is as long as the number of reviews, which is written at its end.",
        "chart_icon_desc": "One figure of a child for each review, in a row for each outcome, with the number written above it.",
        "facet_outcome": "What happened to the child",
        "facet_age_band": "Age at the time of the incident",
        "facet_sex": "Sex of the child",
        "facet_issues": "Family issues found",
        "facet_review_type": "Type of review",
        "facet_year": "Year the review was completed",
        "case_boy": "Boys",
        "case_girl": "Girls",
        "case_unknown": "Not known",
        "case_died": "Died",
        "case_life-threatening incident": "Life-threatening incident",
        "case_serious harm": "Serious harm",
        "case_not_recorded": "Not recorded",
        # Seven-minute briefings (scrnews/briefing/): the kind, the source line, the panels
        "briefing": "7-minute briefing",
        "briefings": "7-minute briefings",
        "briefing_from": "Learning from",
        "briefing_theme": "Theme",
        "briefing_pdf_link": "Download this briefing as a PDF",
        "briefing_alt_formats": "If you need this briefing in another format, such as large "
        "print, easy read, audio or another language, please contact",
        "panel_background": "Background",
        "panel_why_it_matters": "Why it matters",
        "panel_information": "Information",
        "panel_what_we_learned": "What we learned",
        "panel_what_to_do": "What to do",
        "panel_questions": "Questions to reflect on",
        "panel_find_out_more": "Find out more",
    },
    "cy-GB": {
        "language": "cy-GB",
        "issue": "Rhifyn",
        "volume": "Cyfrol",
        "review_type": "Math",
        "review_status": "Statws",
        "review_started": "Dechreuwyd",
        "review_completed": "Cwblhawyd",
        "review_published": "Cyhoeddwyd",
        "learning_points": "Pwyntiau dysgu",
        "review_themes": "Themâu",
        "date_to": "i",
        "online": "Ar-lein",
        "audience": "Ar gyfer",
        "cost": "Cost",
        "book": "Archebu lle",
        "add_to_calendar": "Ychwanegu at eich calendr",
        "website": "Gwefan",
        "skip": "Neidio i'r prif gynnwys",
        "contents": "Cynnwys",
        "page": "Tudalen",
        "of": "o",
        "introduction": "Cyflwyniad",
        "foreword": "Rhagair",
        "local_reviews": "Ein hadolygiadau lleol",
        "initiatives": "Dysgu o achosion lleol",
        "action_plans": "Monitro cynlluniau gweithredu",
        "national_studies": "Dysgu cenedlaethol",
        "local_learning": "Dysgu a hyfforddiant lleol",
        "further_reading": "Darllen pellach a gweithdrefnau",
        "contacts": "Cysylltiadau",
        "feedback": "Eich barn",
        "published_by": "Cyhoeddwyd gan",
        "email": "E-bost",
        "phone": "Ffôn",
        "owner": "Perchennog",
        "due": "Erbyn",
        "status": "Statws",
        "action": "Cam gweithredu",
        "red": "Coch",
        "amber": "Ambr",
        "green": "Gwyrdd",
        "complete": "Wedi'i gwblhau",
        "alt_formats_heading": "Fformatau eraill",
        "alt_formats": "Os oes angen y cylchlythyr hwn arnoch mewn fformat arall, fel print bras, "
        "hawdd ei ddeall, sain neu iaith arall, cysylltwch â",
        "published": "Cyhoeddwyd",
        "draft": "Drafft: nid i'w gyhoeddi",
        "footer_made": "Gwnaed gyda scrnews",
        "pdf_link": "Lawrlwytho'r rhifyn hwn fel PDF",
        "view_online": "Gweld y cylchlythyr hwn yn eich porwr",
        "table": "Tabl",
        "bilingual_pdf_link": "Lawrlwytho'r rhifyn hwn yn Gymraeg ac yn Saesneg fel PDF",
        "language_switch": "Iaith",
        # "… cysylltwch â <bwrdd> drwy e-bostio <e-bost> neu ffonio <ffôn>."
        "by_email": "drwy e-bostio",
        "by_website": "drwy",
        "or_phone": "neu ffonio",
        "by_phone": "drwy ffonio",
        # "2 yn goch, 1 yn ambr": yn + soft mutation (coch -> goch, gwyrdd -> wyrdd).
        "rag_red": "yn goch",
        "rag_amber": "yn ambr",
        "rag_green": "yn wyrdd",
        "rag_complete": "yn gyflawn",
        # Figures (scrnews/charts.py) and the action tracker
        "figures_heading": "Yr adolygiadau mewn ffigurau",
        "figures_numbers": "Dangos y rhifau",
        "figures_count": "Nifer yr adolygiadau",
        "review": "adolygiad",
        "reviews": "adolygiad",
        "actions_count": "cam gweithredu",
        "chart_bar_desc": "Siart bar: mae pob bar mor hir â nifer yr adolygiadau, a ysgrifennir ar ei ddiwedd.",
        "chart_icon_desc": "Un ffigur plentyn ar gyfer pob adolygiad, mewn rhes ar gyfer pob canlyniad, gyda'r rhif uwch ei ben.",
        "facet_outcome": "Beth ddigwyddodd i'r plentyn",
        "facet_age_band": "Oedran adeg y digwyddiad",
        "facet_sex": "Rhyw y plentyn",
        "facet_issues": "Materion teuluol a ganfuwyd",
        "facet_review_type": "Math o adolygiad",
        "facet_year": "Blwyddyn cwblhau'r adolygiad",
        "case_boy": "Bechgyn",
        "case_girl": "Merched",
        "case_unknown": "Anhysbys",
        "case_died": "Bu farw",
        "case_life-threatening incident": "Digwyddiad a oedd yn bygwth bywyd",
        "case_serious harm": "Niwed difrifol",
        "case_not_recorded": "Heb ei gofnodi",
        # Briffiau 7 munud (scrnews/briefing/)
        "briefing": "Briff 7 munud",
        "briefings": "Briffiau 7 munud",
        "briefing_from": "Dysgu o",
        "briefing_theme": "Thema",
        "briefing_pdf_link": "Lawrlwytho'r briff hwn fel PDF",
        "briefing_alt_formats": "Os oes angen y briff hwn arnoch mewn fformat arall, fel print "
        "bras, hawdd ei ddeall, sain neu iaith arall, cysylltwch â",
        "panel_background": "Cefndir",
        "panel_why_it_matters": "Pam mae'n bwysig",
        "panel_information": "Gwybodaeth",
        "panel_what_we_learned": "Beth a ddysgwyd",
        "panel_what_to_do": "Beth i'w wneud",
        "panel_questions": "Cwestiynau i fyfyrio arnynt",
        "panel_find_out_more": "Rhagor o wybodaeth",
    },
}

MONTHS = {
    "en-GB": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "cy-GB": [
        "Ionawr",
        "Chwefror",
        "Mawrth",
        "Ebrill",
        "Mai",
        "Mehefin",
        "Gorffennaf",
        "Awst",
        "Medi",
        "Hydref",
        "Tachwedd",
        "Rhagfyr",
    ],
}


#: Languages written right to left (Arabic, Hebrew, Persian, Urdu…), by their primary subtag.
RTL = {"ar", "dv", "fa", "he", "ps", "sd", "ug", "ur", "yi"}


def direction(language: str) -> str:
    """'ltr' or 'rtl': the dir attribute for text in this language."""
    return "rtl" if language.split("-")[0].lower() in RTL else "ltr"


#: Each language's short code (a language map's key, a bilingual issue's folder: en/) and name.
CODES = {"cy-GB": "cy", "en-GB": "en"}
NAMES = {"cy-GB": "Cymraeg", "en-GB": "English"}


def labels_for(language: str) -> dict[str, str]:
    """The label set for a language tag, English when we have none for it."""
    return LABELS.get(language, LABELS["en-GB"])


SEASON_NAMES = {
    "en-GB": {"spring": "Spring", "summer": "Summer", "autumn": "Autumn", "winter": "Winter"},
    "cy-GB": {"spring": "Gwanwyn", "summer": "Haf", "autumn": "Hydref", "winter": "Gaeaf"},
}
#: The word between the months of a range: "July to September", "Gorffennaf i Fedi".
RANGE_WORD = {"en-GB": "to", "cy-GB": "i"}

#: Welsh soft mutation (treiglad meddal), which follows "i": p→b, t→d, c→g, b→f, d→dd,
#: g is dropped, m→f, ll→l, rh→r. Longest first, so "ll" and "rh" win over "l" and "r".
_SOFT = (("ll", "l"), ("rh", "r"), ("p", "b"), ("t", "d"), ("c", "g"), ("b", "f"))
_SOFT += (("d", "dd"), ("g", ""), ("m", "f"))


def soft_mutation(word: str) -> str:
    """'Medi' -> 'Fedi', 'Gorffennaf' -> 'Orffennaf', 'Tachwedd' -> 'Dachwedd'."""
    lowered = word.lower()
    if lowered.startswith("ch"):  # ch does not mutate (Chwefror)
        return word
    for old, new in _SOFT:
        if lowered.startswith(old):
            rest = word[len(old) :]
            if word[:1].isupper():
                return (new[:1].upper() + new[1:] + rest) if new else rest[:1].upper() + rest[1:]
            return new + rest
    return word


#: Aspirate mutation (treiglad llaes), which follows "â", "tri" and "chwe": c→ch, p→ph, t→th.
_ASPIRATE = {"c": "ch", "p": "ph", "t": "th"}


def aspirate_mutation(word: str) -> str:
    """'Cyngor' -> 'Chyngor', 'Partneriaeth' -> 'Phartneriaeth'; 'Bwrdd' stays."""
    lowered = word.lower()
    if lowered[:2] in ("ch", "ph", "th") or lowered[:1] not in _ASPIRATE:
        return word
    new = _ASPIRATE[lowered[0]]
    return (new.capitalize() if word[0].isupper() else new) + word[1:]


#: Welsh words an organisation's name starts with, which mutate after "â" and "gan". A name
#: that starts with any other word (an English one: "Pembrokeshire County Council",
#: "Department for Education") is left as written, as Welsh writers leave English names.
WELSH_NAME_WORDS = frozenset(
    [
        "adran",
        "arolygiaeth",
        "asiantaeth",
        "bwrdd",
        "byrddau",
        "canolfan",
        "comisiwn",
        "comisiynydd",
        "cyngor",
        "cymdeithas",
        "gofal",
        "grŵp",
        "gwasanaeth",
        "gwasanaethau",
        "heddlu",
        "iechyd",
        "llywodraeth",
        "panel",
        "partneriaeth",
        "prifysgol",
        "pwyllgor",
        "swyddfa",
        "tîm",
        "uned",
        "ysgol",
    ]
)


def with_name(words: str, name: str, language: str) -> str:
    """Words that end before a name, and the name, mutated as Welsh asks: after "â" (with),
    aspirate mutation and "ag" before a vowel ("cysylltwch â Phartneriaeth …", "ag Asiantaeth
    …"); after "gan" (by), soft mutation ("Cyhoeddwyd gan Lywodraeth Cymru")."""
    first, _, rest = name.partition(" ")
    tail = f" {rest}" if rest else ""
    if language != "cy-GB" or not name:
        return f"{words} {name}"
    if words.endswith(" â") and _starts_with_vowel(name):
        return f"{words[:-1]}ag {name}"
    if first.lower() not in WELSH_NAME_WORDS:
        return f"{words} {name}"
    if words.endswith(" â"):
        return f"{words} {aspirate_mutation(first)}{tail}"
    if words.endswith(" gan"):
        return f"{words} {soft_mutation(first)}{tail}"
    return f"{words} {name}"


def _starts_with_vowel(name: str) -> bool:
    """A, e, i, o, u, and y before a consonant (Ysgol); not w (Wrecsam, Westmoor)."""
    first, second = name[:1].lower(), name[1:2].lower()
    return first in "aeiouâêîôûáéíóú" or (first in "yŷ" and second not in "aeiouw")


#: Nouns the theme counts: English (singular, plural); Welsh (the noun, its gender), since
#: Welsh keeps the singular after a number and mutates it by the number and the gender.
COUNT_NOUNS = {
    "en-GB": {
        "page": ("page", "pages"),
        "review": ("review", "reviews"),
        "action": ("action", "actions"),
    },
    "cy-GB": {
        "page": ("tudalen", "f"),
        "review": ("adolygiad", "m"),
        "action": ("cam gweithredu", "m"),
    },
}
#: Which mutation the number (as it is read: un, dau/dwy, tri/tair, …) puts on the noun.
_WELSH_NUMBER_MUTATION = {
    "m": {2: "soft", 3: "aspirate", 6: "aspirate"},  # dau gam, tri cham, chwe cham
    "f": {1: "soft", 2: "soft", 6: "aspirate"},  # un dudalen, dwy dudalen, chwe thudalen
}


def count(number: int, noun: str, language: str) -> str:
    """'1 page', '5 pages'; '1 dudalen', '2 dudalen', '5 tudalen', '6 thudalen', '3 cham
    gweithredu'. Welsh mutations follow the digits as the number is read; past ten the noun
    is left as it is (how 21 is read, "dau ddeg un" or "un ar hugain", decides it)."""
    if language != "cy-GB":
        singular, plural = COUNT_NOUNS["en-GB"][noun]
        return f"{number} {singular if number == 1 else plural}"
    word, gender = COUNT_NOUNS["cy-GB"][noun]
    mutation = _WELSH_NUMBER_MUTATION[gender].get(number)
    if mutation == "soft":
        word = soft_mutation(word)
    elif mutation == "aspirate":
        word = aspirate_mutation(word)
    return f"{number} {word}"


def month_name(number: int, language: str) -> str:
    return MONTHS.get(language, MONTHS["en-GB"])[number - 1]


def format_date(date: Period, language: str) -> str:
    """The period in words, in the issue's language: '16 January 2012', 'January 2012',
    'Spring 2024', 'July to September 2011' ('Gorffennaf i Fedi 2011')."""
    kind = getattr(date, "kind", "day" if date.day else "month")
    if kind == "day":
        return f"{date.day} {month_name(date.month, language)} {date.year}"
    if kind == "month":
        return f"{month_name(date.month, language)} {date.year}"
    if kind == "season":
        names = SEASON_NAMES.get(language, SEASON_NAMES["en-GB"])
        year = date.start.year
        shown = f"{year}/{(year + 1) % 100:02d}" if date.split_year else str(year)
        return f"{names[date.season]} {shown}"
    return month_range(date.start, date.end, language)


def month_range(start, end, language: str) -> str:
    """'July to September 2011', 'November 2011 to January 2012', 'Gorffennaf i Fedi 2011'."""
    word = RANGE_WORD.get(language, "to")
    last = month_name(end.month, language)
    if language == "cy-GB":
        last = soft_mutation(last)
    first = month_name(start.month, language)
    if start.year != end.year:
        first += f" {start.year}"
    return f"{first} {word} {last} {end.year}"
