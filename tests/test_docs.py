"""The guide documents every key, unit, activity and credential id the code knows."""
from __future__ import annotations

import re

from conftest import EXAMPLE, REPO, build_site, visible_text

from cectrack.records.fields import (
    ENTRY_FIELDS,
    HELD_FIELDS,
    PROFILE_FIELDS,
    STUDIO_FIELDS,
)
from cectrack.records.vocabulary import ACTIVITIES, UNITS
from cectrack.rules.load import load_library

GUIDE = REPO / "docs" / "guide"


def test_entry_format_page_lists_every_key_unit_and_activity():
    text = (GUIDE / "entries.md").read_text("utf-8")
    for name in [f.name for f in ENTRY_FIELDS] + list(UNITS) + list(ACTIVITIES):
        assert f"| `{name}` |" in text, name


def test_profile_page_lists_every_key_and_credential_id():
    text = (GUIDE / "profile.md").read_text("utf-8")
    for name in [f.name for f in PROFILE_FIELDS + HELD_FIELDS + STUDIO_FIELDS]:
        assert f"| `{name}` |" in text, name
    assert "rules/index.md#every-credential-cectrack-knows" in text  # the generated list


def test_the_studios_page_lists_every_key_of_team_yaml():
    from cectrack.records.fields import MEMBER_FIELDS, TEAM_FIELDS
    text = (GUIDE / "studios.md").read_text("utf-8")
    for name in [f.name for f in TEAM_FIELDS + MEMBER_FIELDS]:
        assert f"| `{name}` |" in text, name


def test_the_generated_rules_page_lists_every_credential_with_its_requirement(tmp_path):
    """Made from the rule library, never written by hand."""
    from conftest import write_tracker
    write_tracker(tmp_path, {})
    (tmp_path / "mkdocs.yml").write_text("site_name: T\ntheme:\n  name: material\n  font: false\n"
                                         "plugins:\n  - cectrack\n")
    (tmp_path / "docs").mkdir()
    text = visible_text(build_site(tmp_path) / "rules" / "index.html")
    library = load_library()[0]
    for rules in library.rulesets.values():
        for c in rules.credentials.values():
            assert f"{c.id} {c.name}" in text, c.id
    assert "BOC-ATC Certified Athletic Trainer 50 BOC-CEU every 2 years" in text
    assert "PMA-NCPT another name for PMA-CPT" in text


def test_rules_page_lists_every_key_of_the_rule_format():
    """The rule-file table is checked against the format spec the reader walks."""
    from cectrack.rules.spec import RULE_FILE, all_keys

    text = (GUIDE / "rules.md").read_text("utf-8")
    table = text[text.index("## What a rule file can say"):]
    for key in RULE_FILE.keys:
        assert f"| `{key.name}`" in table or f", `{key.name}`" in table, key.name
    for name in all_keys():
        assert re.search(rf"\b{name}\b", table), name


def test_no_list_item_of_the_guide_falls_out_of_its_list():
    """A block inside a list item needs four spaces: indented by two, a console example
    ended its list, and the items after it showed as a paragraph starting with "- "."""
    import markdown
    import yaml

    config = yaml.safe_load((EXAMPLE / "mkdocs.yml").read_text("utf-8"))  # the site's settings
    extensions = [next(iter(e)) if isinstance(e, dict) else e
                  for e in config["markdown_extensions"]]
    fallen = []
    for page in sorted((REPO / "docs").rglob("*.md")):
        html = markdown.markdown(page.read_text("utf-8"), extensions=extensions)
        text = re.sub(r"<pre.*?</pre>", "", html, flags=re.S)  # code may start with "- "
        fallen += [f"{page.relative_to(REPO)}: {line[:60]}"
                   for line in re.findall(r"^(?:<p>)?[-*] .*$", text, re.M)]
    assert fallen == []
