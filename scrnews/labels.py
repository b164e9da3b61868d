"""Words the theme prints around the content, in English and Welsh."""

from __future__ import annotations

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
    },
}

MONTHS = {
    "en-GB": ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"],
    "cy-GB": ["Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst",
              "Medi", "Hydref", "Tachwedd", "Rhagfyr"],
}


def labels_for(language: str) -> dict[str, str]:
    """The label set for a language tag, English when we have none for it."""
    return LABELS.get(language, LABELS["en-GB"])


def format_date(date: PublicationDate, language: str) -> str:
    """'January 2012' or '16 January 2012', in the issue's language."""
    month = MONTHS.get(language, MONTHS["en-GB"])[date.month - 1]
    return f"{date.day} {month} {date.year}" if date.day else f"{month} {date.year}"
