"""Words the theme prints around the content, in English and Welsh."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only a type here; fields.py imports pydantic, which labels need not wait for
    from .fields import PublicationDate

LABELS: dict[str, dict[str, str]] = {
    "en-GB": {
        "issue": "Issue",
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
    },
    "cy-GB": {
        "issue": "Rhifyn",
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
        "hawdd ei ddarllen, sain neu iaith arall, cysylltwch â",
        "published": "Cyhoeddwyd",
        "draft": "Drafft: nid i'w gyhoeddi",
        "footer_made": "Gwnaed gyda scrnews",
        "pdf_link": "Lawrlwytho'r rhifyn hwn fel PDF",
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
        "case_unknown": "Ddim yn hysbys",
        "case_died": "Bu farw",
        "case_life-threatening incident": "Digwyddiad a oedd yn bygwth bywyd",
        "case_serious harm": "Niwed difrifol",
        "case_not_recorded": "Heb ei gofnodi",
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


def labels_for(language: str) -> dict[str, str]:
    """The label set for a language tag, English when we have none for it."""
    return LABELS.get(language, LABELS["en-GB"])


def format_date(date: PublicationDate, language: str) -> str:
    """'January 2012' or '16 January 2012', in the issue's language."""
    month = MONTHS.get(language, MONTHS["en-GB"])[date.month - 1]
    return f"{date.day} {month} {date.year}" if date.day else f"{month} {date.year}"
