"""Words the theme prints around the content, in English and Welsh."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only a type here; fields.py imports pydantic, which labels need not wait for
    from .period import Period

LABELS: dict[str, dict[str, str]] = {
    "en-GB": {
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
        "hawdd ei ddarllen, sain neu iaith arall, cysylltwch â",
        "published": "Cyhoeddwyd",
        "draft": "Drafft: nid i'w gyhoeddi",
        "footer_made": "Gwnaed gyda scrnews",
        "pdf_link": "Lawrlwytho'r rhifyn hwn fel PDF",
        "view_online": "Gweld y cylchlythyr hwn yn eich porwr",
        "table": "Tabl",
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
        # Briffiau 7 munud (scrnews/briefing/)
        "briefing": "Briff 7 munud",
        "briefings": "Briffiau 7 munud",
        "briefing_from": "Dysgu o",
        "briefing_theme": "Thema",
        "briefing_pdf_link": "Lawrlwytho'r briff hwn fel PDF",
        "briefing_alt_formats": "Os oes angen y briff hwn arnoch mewn fformat arall, fel print "
        "bras, hawdd ei ddarllen, sain neu iaith arall, cysylltwch â",
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
