"""The guide documents every key, unit, activity and credential id the code knows."""
from __future__ import annotations

import re

from conftest import REPO

from cectrack.fields import ENTRY_FIELDS, HELD_FIELDS, PROFILE_FIELDS
from cectrack.rules.load import load_library
from cectrack.vocabulary import ACTIVITIES, UNITS

GUIDE = REPO / "docs" / "guide"


def test_entry_format_page_lists_every_key_unit_and_activity():
    text = (GUIDE / "entries.md").read_text("utf-8")
    for name in [f.name for f in ENTRY_FIELDS] + list(UNITS) + list(ACTIVITIES):
        assert f"| `{name}` |" in text, name


def test_profile_page_lists_every_key_and_credential_id():
    text = (GUIDE / "profile.md").read_text("utf-8")
    for name in [f.name for f in PROFILE_FIELDS + HELD_FIELDS]:
        assert f"| `{name}` |" in text, name
    for credential_id in load_library()[0].credential_ids():
        assert f"| `{credential_id}` |" in text, credential_id


def test_rules_page_lists_every_key_of_the_rule_format():
    """The rule-file table is checked against the format spec the reader walks."""
    from cectrack.rules.spec import RULE_FILE, all_keys

    text = (GUIDE / "rules.md").read_text("utf-8")
    table = text[text.index("## What a rule file can say"):]
    for key in RULE_FILE.keys:
        assert f"| `{key.name}`" in table or f", `{key.name}`" in table, key.name
    for name in all_keys():
        assert re.search(rf"\b{name}\b", table), name
