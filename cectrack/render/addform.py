"""The add-a-course page: a form a trainer fills in on a phone, checked in the browser.

The page's script (assets/add.js) checks each answer with the words and limits `cectrack
check` uses, and they come from here, made from the same Python the checker runs: the entry
format (records/fields.py), the units and activities (records/vocabulary.py, plus those the
rule files declare), the amount and date limits, the characters no file may hold, and which
activities may leave out `credits:` for the credentials held (engine/checks.py), and
the tags the holder's bodies declare (ticked, they become the entry's `tags:` list).  No word
or limit is written a second time in the script.  The entry it writes is the YAML
`cectrack add` writes, named as `cectrack add` names it.
"""
from __future__ import annotations

import dataclasses
import json

from markupsafe import Markup

from ..engine.checks import credits_optional
from ..engine.report import Report
from ..files.paths import SLUG_LIMIT
from ..records.fields import ENTRY_FIELDS, FIRST_DAY, LAST_DAY, MAX_AMOUNT
from ..records.model import Entry
from ..records.vocabulary import (
    ACTIVITIES,
    CARD_ACTIVITIES,
    CONDITIONAL,
    PETITION_STATES,
    UNITS,
    activity_label,
)
from ..records.yamlsource import BAD_CHARACTER
from ..rules.model import Library, holders
from ..tracker.locate import Forge
from .markup import html_attribute

# The fields the form asks, in the order of the entry format (the file's order).
ASKED = ("title", "provider", "completed", "started", "credits", "unit", "activity",
         "approval", "evidence", "grade", "expires", "hands_on", "notes")
LABELS = {"title": "Title", "provider": "Provider", "completed": "Completed",
          "credits": "Credits", "unit": "Unit", "activity": "Activity",
          "approval": "Approval number", "evidence": "Certificate file name",
          "notes": "Notes", "grade": "Grade", "expires": "Card expires",
          "hands_on": "Hands-on skills check", "started": "Started"}
CERTIFICATES = "certificates"  # where the certificate goes (as `cectrack add` copies it)
# The forge's new-file page takes the whole entry in its address; a browser or server may
# refuse one much longer, so free text is kept to this (a limit of the address, not of the
# file format: `cectrack check` would take more).
ADDRESS_TEXT_LIMIT = 1000
DEFAULTS = {f.name: f for f in dataclasses.fields(Entry)}


HELP = {
    "title": "As on the certificate, e.g. Kettlebell Fundamentals.",
    "provider": "Who awarded the credits, e.g. American College of Sports Medicine.",
    "completed": "The day you finished it.",
    "started": "Committee service: your first day on it.",
    "credits": "The amount on the certificate, e.g. 7.5.",
    "unit": "As the certificate says it: CEU and ACE-CEC are decimal (0.1 = 1 hour).",
    "activity": "What kind of course it was.",
    "approval": "The course's or provider's approval number, if the certificate shows one.",
    "evidence": "The certificate's file name as you will upload it, e.g. certificate.pdf "
                "(it goes into certificates/).",
    "grade": "The grade on your transcript, e.g. B.",
    "expires": "The expiry date printed on the card.",
    "hands_on": "Whether the course had a live skills check (some bodies ask for one).",
    "notes": "Anything worth keeping with it.",
}


def help_texts(config: dict) -> dict[str, str]:
    """The line under each field; the credits line says where they may be left empty."""
    texts = dict(HELP)
    if config["credits_optional"]:
        texts["credits"] += (" Leave it empty for a " + " or a ".join(
            activity_label(a) for a in config["credits_optional"])
            + ": your body gives it a value of its own.")
    return texts


def providers(entries, limit: int = 200) -> list[str]:
    """The providers of the courses recorded, newest first, each once (offered as you type)."""
    seen: dict[str, None] = {}
    for entry in sorted(entries, key=lambda e: e.completed, reverse=True):
        seen.setdefault(entry.provider, None)
    return list(seen)[:limit]


def vocabulary(library: Library) -> dict[str, list[list[str]]]:
    """[name, meaning] of every unit and activity an entry may name: built in, then those
    the rule files declare (the checker's choices, in its order)."""
    words = {}
    for kind, built_in, field in (("units", UNITS, "unit"), ("activities", ACTIVITIES, "activity")):
        declared = library.declared(kind)
        words[field] = [[name, meaning] for name, meaning in built_in.items()] + [
            [name, declared[name]] for name in library.entry_words()[field]
            if name not in built_in]
    return words


def tags_offered(report: Report, library: Library) -> list[list[str]]:
    """[tag, meaning, body's name] of each tag the bodies of the credentials held declare:
    what makes a course count differently there (CSEP's national conference, CIMSPA's
    endorsed training).  Only the holder's bodies: another body's words would be noise."""
    offered: dict[str, list[str]] = {}
    held = [library.rulesets[b] for b in dict.fromkeys(c.body for c in report.credentials)
            if b in library.rulesets]
    for rules in held:
        for name, about in rules.vocabulary.get("tags", {}).items():
            meaning = about["meaning"] if isinstance(about, dict) else about
            offered.setdefault(name, [name, meaning, rules.name])
    return list(offered.values())


def categories_offered(report: Report, library: Library) -> list[dict]:
    """For each body held whose rules have categories: its id, name and [id, label] of each
    category, one inside another followed by what holds it (NREMT: "Ventilation, inside
    Airway, respiration and ventilation, inside National component").
    Left unchosen, the body's rules place the course as `cectrack check` would (its default
    category, or the one its activity gives)."""
    offered = []
    for body in dict.fromkeys(c.body for c in report.credentials):
        rules = library.rulesets.get(body)
        if rules is None or not rules.categories:
            continue
        offered.append({"body": body, "name": rules.name, "choices": [
            [cid, _category_path(cid, rules.categories)] for cid in rules.categories]})
    return offered


def _category_path(cid: str, categories: dict) -> str:
    # The category first (a phone's select shows the start), then what holds it.
    return ", inside ".join(categories[c].label for c in holders(cid, categories))


def form_config(report: Report, library: Library, credits_dir: str,
                forge: Forge | None) -> dict:
    held = {c.id for c in report.credentials}
    words = vocabulary(library)
    specs = {spec.name: spec for spec in ENTRY_FIELDS}
    return {
        "fields": [{"name": name, "label": LABELS[name], "kind": specs[name].kind,
                    "required": specs[name].required, "doc": specs[name].doc}
                   for name in ASKED],
        "order": [spec.name for spec in ENTRY_FIELDS],  # the file's order, as `add` writes
        "kinds": {spec.name: spec.kind for spec in ENTRY_FIELDS},
        "words": words,
        "petition": list(PETITION_STATES),
        "max_amount": MAX_AMOUNT,
        "first_day": FIRST_DAY.isoformat(),
        "last_day": LAST_DAY.isoformat(),
        "bad_character": BAD_CHARACTER.pattern,
        "text_limit": ADDRESS_TEXT_LIMIT,
        "tags": tags_offered(report, library),
        "categories": categories_offered(report, library),
        "credits_optional": [name for name, _ in words["activity"]
                             if credits_optional(name, library, held)],
        "cards": list(CARD_ACTIVITIES),
        "conditional": {activity: list(names) for activity, names in CONDITIONAL.items()},
        # The unit chosen at first: the one the credentials held count in (ACE-CEC for an
        # ACE trainer), else what the loader takes when none is given (CEC).
        "default_unit": library.shared_unit(held) or DEFAULTS["unit"].default,
        "default_activity": DEFAULTS["activity"].default,
        "credits_dir": credits_dir.strip("/"),
        "certificates": CERTIFICATES,
        "slug_limit": SLUG_LIMIT,
        "new_file": forge.new_file() if forge else "",
        "upload": forge.upload(CERTIFICATES) if forge else "",
    }


def config_attribute(config: dict) -> Markup:
    return html_attribute(json.dumps(config, separators=(",", ":"), ensure_ascii=True))
