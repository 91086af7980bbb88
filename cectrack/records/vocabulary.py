"""The words every installation knows: units and activities (PRODUCT.md).

How a unit converts is a body's rule (cectrack/rules/*.yaml); this module only
says which names exist and what they mean, for validation, hints and docs.
"""
from __future__ import annotations

# unit -> plain-words meaning shown in docs and hints
UNITS: dict[str, str] = {
    "CEC": "continuing-education credit, 1 per contact hour (ACSM style)",
    "contact_hour": "one hour of instruction",
    "CME": "continuing medical education credit, 1 per hour",
    "CEU": "decimal unit: 0.1 = 1 contact hour (ACE, NSCA and NASM award these)",
    "ACE-CEC": "ACE's decimal CEC: 0.1 = 1 contact hour (2.0 ACE CECs = 20 hours)",
    "college_semester_hour": "one semester credit hour of a college course",
    "college_quarter_hour": "one quarter credit hour of a college course",
}

# activity -> plain-words meaning
ACTIVITIES: dict[str, str] = {
    "course": "a course or workshop (the default)",
    "conference": "a conference or summit",
    "webinar": "a live or recorded webinar",
    "home_study": "a home-study or online self-paced course",
    "college_course": "a college course taken for credit (give `grade:`)",
    "cpr_aed": "a CPR/AED certification card (give `expires:` and `hands_on:`)",
    "first_aid": "a first-aid certification card",
    "presenting": "teaching, lecturing or presenting",
    "publishing": "authoring a book, article or abstract",
    "committee": "committee or working-group service (give `started:`)",
    "quiz": "a journal quiz or self-test that awards credits",
    "outreach": "community outreach or mentoring",
    "certification": "earning another accredited certification",
    "self_assessment": "a self-assessment activity (NCCPA weights these)",
    "performance_improvement": "a performance-improvement (PI-CME) activity",
}

# An entry's `petition:` (courses a body has not pre-approved, e.g. at ACE or NASM).
PETITION_STATES = ("approved", "pending", "denied")

# Activities that are cards with an expiry: they gate renewal (prerequisites).
CARD_ACTIVITIES = ("cpr_aed", "first_aid")

# The fields only some activities have, asked only for them (`cectrack add`, the site's
# add-a-course form).
CONDITIONAL = {"college_course": ("grade",), "cpr_aed": ("expires", "hands_on"),
               "first_aid": ("expires",), "committee": ("started",)}

# Letter grades from best to worst, for "C or better" rules.
GRADES = ("A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "D-", "F")
PASS_GRADES = ("P", "pass", "S")  # pass/fail courses: counted as passing


_SHORT_ACTIVITY = {"cpr_aed": "CPR/AED card", "first_aid": "first-aid card",
                   "home_study": "home-study course", "college_course": "college course",
                   "committee": "year of committee service",
                   "certification": "further certification",
                   "self_assessment": "self-assessment", "performance_improvement": "PI-CME"}


def unit_label(unit: str, amount: float = 1) -> str:
    """A unit as it reads in a sentence: 2 college_semester_hour -> college semester hours."""
    words = unit.replace("_", " ")
    return words + "s" if words.endswith("hour") and amount != 1 else words


def activity_label(activity: str) -> str:
    return _SHORT_ACTIVITY.get(activity, activity.replace("_", " "))
