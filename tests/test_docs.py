"""The guide documents every key, unit, activity and credential id the code knows."""
from __future__ import annotations

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
