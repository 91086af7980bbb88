"""Issue 12 at a phone's width: every page of the example site judged by axe-core in
Chromium at 390 px, light and dark (see test_accessibility.py, which runs 1280 px; a module
of its own so that the two runs go to different workers)."""
from __future__ import annotations

import pytest
from test_accessibility import site, violations  # noqa: F401 (site is a fixture)

pytestmark = pytest.mark.slow  # Chromium and axe-core on every page


def test_no_serious_violation_on_any_page_in_either_palette_at_390(site, browser, axe_source):  # noqa: F811
    assert violations(site, browser, axe_source, 390) == []
