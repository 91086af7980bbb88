"""Issue 24, items 2, 5 and 6: the credential page a trainer reads (which courses have their
certificate, newest first, totals by activity) on a desk and on a phone, and a course added
from the site's form, its entry written into a tracker and checked clean.

One build serves every test: the example with two courses lacking proof (Kettlebell
Fundamentals, 16 May 2026, names no certificate; Functional Aging Specialist's file of 7
June 2025 is gone), hosted on GitHub. Figures worked out by hand from the example's eleven
counted courses (38.5 CEC by 28 November 2026):
  college course 10, conference 7.5 + 1 + 0.5 = 9, home study 4 + 2 = 6, CPR/AED 5 (its cap
  5 a year, all used in 2025), course 4, webinar 2 + 1.5 = 3.5, quiz 1; 38.5 in all.
"""
from __future__ import annotations

import json
import re
import urllib.parse

import pytest
from conftest import build_site, cectrack, copy_example, serving, visible_text
from test_trainer_pages import warnings_variant

REPO_URL = "https://github.com/alex-example/ce-tracker"
PAGE = "credentials/acsm-cpt/index.html"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = warnings_variant(tmp_path_factory.mktemp("courses") / "t")
    return build_site(root, repo_url=REPO_URL)


def text_of(site) -> str:
    return visible_text(site / PAGE).replace("( ", "(").replace(" )", ")")


# --- The credential page, as built ----------------------------------------------------------

def test_the_page_says_which_courses_have_their_certificate(site):
    text = text_of(site)
    assert "\\" not in text  # nothing Markdown-escaped inside the page's HTML
    assert ("Counted (11) ¶ ! 9 of 11 courses have a certificate: 1 file missing, 1 none "
            "recorded (marked in the Certificate column). Newest first.") in text
    assert ("2026-05-16 Kettlebell Fundamentals StrongFirst course 4 contact hours "
            "4 contact hours × 1 = 4 CEC (source 6) 4 CEC – none recorded") in text
    assert ("2025-06-07 Functional Aging Specialist, module 1 American Council on Exercise "
            "home-study course 0.4 ACE-CEC 0.4 ACE-CEC × 10 = 4 CEC † 4 CEC ! missing "
            "certificates/2025-06-07-functional-aging.pdf is not in the tracker") in text
    html = (site / PAGE).read_text("utf-8")
    # The others link to their published certificate, two folders up from this page.
    assert html.count('<span aria-hidden="true">✓ </span><a href="../../audit/evidence/'
                      'certificates/') == 9
    assert (site / "audit/evidence/certificates/2026-02-21-hfj-quiz.pdf").is_file()


def test_courses_newest_first_and_each_figure_once(site):
    html = (site / PAGE).read_text("utf-8")
    table = re.search(r'<table class="cectrack-table cectrack-courses.*?</table>', html, re.S)[0]
    dates = re.findall(r'data-label="Completed">([\d-]+)<', table)
    assert dates == ["2026-08-22", "2026-08-22", "2026-05-16", "2026-02-21", "2025-10-02",
                     "2025-06-07", "2025-03-14", "2025-01-18", "2024-12-13", "2024-04-20",
                     "2024-02-10"]
    text = text_of(site)
    # "6.5 CEC still needed" once: the summary's row, no "Still missing" box repeating it.
    assert text.count("6.5 CEC") == 1 and "Still missing" not in text


def test_on_paper_each_column_of_the_course_table_has_its_own_width(site):
    """Printed, the table is laid out fixed; the credential page's table (no number column)
    needs its own widths, or the packet's 4 % falls on its dates ("Compl/eted", a date
    running into the title)."""
    html = (site / PAGE).read_text("utf-8")
    table = re.search(r'<table class="[^"]*cectrack-courses--dated[^"]*">.*?</thead>', html,
                      re.S)[0]
    columns = table.count("<th ")
    css = (site / "assets/cectrack/cectrack.css").read_text("utf-8")
    widths = dict(re.findall(r"\.cectrack-courses--dated th:nth-child\((\d+)\) "
                             r"\{ width: (\d+)%; \}", css))
    assert sorted(map(int, widths)) == list(range(1, columns + 1))
    assert sum(map(int, widths.values())) == 100
    assert int(widths["1"]) >= 11  # "2026-08-22" whole at 7.5 pt on A4


def test_totals_by_activity_with_the_caps_used(site):
    text = text_of(site)
    assert ("By activity ¶ Activity Courses Counted (CEC) Limit in the ACSM rules "
            "college course 1 10 none conference 3 9 none home-study course 2 6 none "
            "CPR/AED card 1 5 at most 5 a year; used: 5 of 5 in 2025 † course 1 4 none "
            "webinar 2 3.5 none quiz 1 1 none Not counted (1)") in text


def test_one_mark_for_unconfirmed_rules_explained_once_and_sources_from_1(site):
    text, html = text_of(site), (site / PAGE).read_text("utf-8")
    # CEU, ACE-CEC, CME and the CPR/AED card rest on unconfirmed factors; the cap too.
    assert html.count('class="cectrack-dagger" href="#unconfirmed-rules"') == 5
    assert "unconfirmed rule)" not in text and text.count("† marks a figure") == 1
    assert 'id="unconfirmed-rules"' in html
    sources = re.search(r'<h3 id="sources">.*?<ol>(.*?)</ol>', html, re.S)[1]
    assert sources.count("<li>") == 6 and not re.search(r"\bA\d+\b", text)
    assert "the ACSM rule for ACSM-CPT confirmed, source 1" in text


# --- In Chromium: both pages at 1280 and 390 px, light and dark -----------------------------

READ_COURSES = """() => {
  const rows = [...document.querySelectorAll('table.cectrack-courses tbody tr')];
  const counted = rows.map(r => r.querySelector('.cectrack-counted').getBoundingClientRect());
  return {
    width: document.documentElement.scrollWidth,
    rows: rows.map(r => getComputedStyle(r).display),
    head: document.querySelector('table.cectrack-courses thead').getBoundingClientRect().height,
    counted: counted.map(b => [Math.round(b.left), Math.round(b.right)]),
    figures: rows.map(r => r.querySelector('.cectrack-counted').innerText.trim()),
    text: document.querySelector('article').innerText,
  };
}"""
RUN_AXE = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
  .filter(v => ["serious", "critical"].includes(v.impact))
  .map(v => v.id + ": " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "))"""
COURSE = {"title": "Kettlebell Flow: Level 2 & Mobility", "provider": "StrongFirst",
          "completed": "2026-11-20", "credits": "7,5", "unit": "contact_hour",
          "activity": "conference", "approval": "SF-2026-11", "evidence": "kettlebell-flow.pdf"}
# What the form writes, by hand: the title quoted (a colon), 7,5 read as 7.5, the file's order.
ENTRY = ('title: "Kettlebell Flow: Level 2 & Mobility"\nprovider: StrongFirst\n'
         "completed: 2026-11-20\ncredits: 7.5\nunit: contact_hour\nactivity: conference\n"
         "approval: SF-2026-11\nevidence: certificates/kettlebell-flow.pdf\n")
ENTRY_PATH = "credits/2026/2026-11-20-kettlebell-flow-level-2-mobility.yaml"


def fill(page, values: dict) -> None:
    for name, value in values.items():
        field = page.locator(f"#add-{name}")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def send(context, page) -> str:
    """Press the form's button; the address of the page it opens (GitHub's, answered here)."""
    with context.expect_page() as opened:
        page.click("#add-form button[type=submit]")
    popup = opened.value
    popup.wait_for_load_state()
    address = popup.url
    popup.close()
    return address


@pytest.mark.slow  # Chromium
@pytest.mark.parametrize("width", [1280, 390])
def test_both_pages_in_chromium(site, browser, axe_source, width, tmp_path_factory):
    shots = tmp_path_factory.mktemp(f"shots-{width}")
    seen, problems, opened = {}, [], {}
    with serving(site) as address:
        for scheme in ("light", "dark"):
            context = browser.new_context(viewport={"width": width, "height": 900},
                                          color_scheme=scheme)
            context.route("https://github.com/**", lambda route: route.fulfill(
                status=200, content_type="text/html", body="<title>GitHub</title>"))
            page = context.new_page()
            page.clock.set_fixed_time("2026-11-28T10:00:00")
            page.goto(f"{address}/credentials/acsm-cpt/")
            page.add_script_tag(content=axe_source)
            problems += [f"credential [{scheme}]: {v}" for v in page.evaluate(RUN_AXE)]
            seen[scheme] = page.evaluate(READ_COURSES)
            page.screenshot(path=str(shots / f"credential-{scheme}.png"), full_page=True)
            page.goto(f"{address}/credentials/")  # the list of credentials, three columns
            seen[scheme]["list"] = page.evaluate("document.documentElement.scrollWidth")
            page.goto(f"{address}/add/")
            fill(page, COURSE)
            opened[scheme] = send(context, page)
            upload = page.locator("#add-upload")
            opened[scheme + " upload"] = [upload.get_attribute("href"), upload.is_visible(),
                                          page.locator("#add-certificate").inner_text()]
            page.add_script_tag(content=axe_source)
            problems += [f"add [{scheme}]: {v}" for v in page.evaluate(RUN_AXE)]
            page.screenshot(path=str(shots / f"add-{scheme}.png"), full_page=True)
            context.close()
    assert problems == []
    for scheme, found in seen.items():
        assert found["width"] <= width and found["list"] <= width, scheme  # nothing sideways
        assert all(0 <= left and right <= width for left, right in found["counted"]), scheme
        # A phone: one card per course (a grid), the header only for screen readers.
        assert set(found["rows"]) == ({"grid"} if width < 600 else {"table-row"}), scheme
        assert (found["head"] <= 1) == (width < 600), scheme
        wanted = ["0.5", "1", "4", "1", "2", "4", "1.5", "5", "10", "7.5", "2"]
        unit = " CEC" if width < 600 else ""  # the column's header names it on a desk
        assert found["figures"] == [f + unit for f in wanted], scheme
        # No course said twice (a card and a table of the same rows).
        assert found["text"].count("Kettlebell Fundamentals") == 1, scheme
        # "as awarded" on a desk; on a phone the card's Awarded line says it (4 courses).
        assert found["text"].count("as awarded") == (0 if width < 600 else 4), scheme
    # The form opens GitHub's new-file page with the entry, the same in both palettes.
    assert opened["light"] == opened["dark"]
    for scheme in ("light", "dark"):  # then the certificate: GitHub's upload page, its name
        assert opened[f"{scheme} upload"] == [f"{REPO_URL}/upload/main/certificates", True,
                                              "kettlebell-flow.pdf"]
    url = urllib.parse.urlsplit(opened["light"])
    query = urllib.parse.parse_qs(url.query)
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{REPO_URL}/new/main"
    assert query == {"filename": [ENTRY_PATH], "value": [ENTRY]}


def test_the_entry_the_form_writes_checks_clean(tmp_path):
    """ENTRY (the form's text, which the browser test reads from the address it opens),
    written where the form says, with its certificate uploaded: cectrack check finds no
    problem, and the course counts: 38.5 + 7.5 contact hours × 1 = 46 CEC."""
    root = copy_example(tmp_path / "t")
    (root / ENTRY_PATH).write_text(ENTRY, "utf-8")
    (root / "certificates/kettlebell-flow.pdf").write_bytes(b"%PDF-1.4 certificate\n")
    result = cectrack("check", "--today", "2026-11-28", cwd=root)
    assert "as of 2026-11-28: no problems found" in result.stdout
    assert result.stdout.startswith("ACSM-CPT: 46 of 45 CEC")


@pytest.mark.slow  # Chromium
def test_the_form_refuses_what_check_refuses(site, browser, tmp_path):
    """Each answer the browser refuses, cectrack check refuses too, with the same limit."""
    bad = {"title": "Kettle\u0007bell", "provider": "", "credits": "10000",
           "completed": "2026-11-20"}
    with serving(site) as address:
        page = browser.new_page(viewport={"width": 390, "height": 900})
        page.goto(f"{address}/add/")
        fill(page, bad)
        page.click("#add-form button[type=submit]")
        summary = page.locator("#add-summary").inner_text()
        focused = page.evaluate("document.activeElement.id")
        invalid = page.eval_on_selector_all("[aria-invalid=true]", "es => es.map(e => e.id)")
        result_hidden = page.locator("#add-result").is_hidden()
    assert summary.splitlines() == [
        "3 answers to fix",
        "Title holds the invisible character U+0007, which no credit file may hold: delete it, "
        "or type the text again.",
        "Provider is needed: who awarded the credits.",
        "Credits: 10000 is more than any single course awards (the limit is 10,000)."]
    assert focused == "add-summary" and result_hidden
    assert invalid == ["add-title", "add-provider", "add-credits"]
    # The same answers, each in an entry written by hand: check refuses each one.
    root = copy_example(tmp_path / "t")
    good = {"title": "Kettlebell", "provider": "P", "completed": "2026-11-20", "credits": "1"}
    for name, (field, value) in {"title": ("title", "Kettle\u0007bell"),
                                 "provider": ("provider", '""'),
                                 "credits": ("credits", "10000")}.items():
        entry = dict(good, **{field: value})
        (root / f"credits/2026/{name}.yaml").write_text(
            "".join(f"{k}: {v}\n" for k, v in entry.items()), "utf-8")
    out = cectrack("check", "--today", "2026-11-28", cwd=root, expect=1).stdout
    found = re.findall(r"credits/2026/(\w+)\.yaml:(\d+):\d+: error: .*?\[([\w-]+)\]", out)
    assert sorted(found) == [("credits", "4", "out-of-range"), ("provider", "2", "missing-value"),
                             ("title", "1", "bad-text")], out
    assert "is more than any single course awards (the limit is 10,000)" in out


@pytest.mark.slow  # Chromium
def test_negative_credits_are_called_negative_as_check_calls_them(site, browser):
    """'-3' was 'must be a number' on the form; check says it is negative (negative-credits)."""
    with serving(site) as address:
        page = browser.new_page(viewport={"width": 390, "height": 900})
        page.goto(f"{address}/add/")
        fill(page, {"title": "Kettlebell", "provider": "P", "credits": "-3",
                    "completed": "2026-11-20"})
        page.click("#add-form button[type=submit]")
        summary = page.locator("#add-summary").inner_text()
    assert summary.splitlines() == [
        "1 answer to fix", "Credits: -3 is negative; credits are zero or more. Write the amount "
        "on the certificate."]


def test_the_forge_comes_from_repo_url_or_the_origin_remote(tmp_path):
    """Where the form sends a course: repo_url, else the origin remote; the branch from
    edit_uri, else the one checked out; no form to GitHub for a tracker elsewhere."""
    import subprocess

    from cectrack.tracker.locate import Forge, forge_of
    subprocess.run(["git", "init", "-q", "-b", "season/2026", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "remote", "add", "origin",
                    "git@github.com:sam-trainer/ce.git"], check=True)
    forge = forge_of(tmp_path)
    assert forge == Forge("https://github.com/sam-trainer/ce", "season/2026")
    assert forge.new_file() == "https://github.com/sam-trainer/ce/new/season/2026"
    assert forge_of(tmp_path, REPO_URL, "edit/trunk/docs/") == Forge(REPO_URL, "trunk")
    assert forge_of(tmp_path, "https://gitlab.com/sam/ce") is None


@pytest.mark.slow  # Chromium
def test_a_tag_ticked_and_a_category_chosen_on_the_form_are_written_and_counted(browser,
                                                                               tmp_path):
    """The example's holder also holds CSEP-CPT (since 1 June 2016: its cycle runs 1 April
    2026 - 31 March 2028) and NREMT-EMT (to 31 March 2027). The form offers CSEP's tags and
    a category for each body that has them; a one-day conference ticked csep-national and
    filed under NREMT's operations is written with `tags:` and `category:`, and check counts
    it 15 PDC (15 a day, CSEP chart C-1) more for CSEP, its 7.5 contact hours as 7.5 CEC for
    ACSM (38.5 + 7.5 = 46) and 7.5 CEH in NREMT's operations (and the national component
    holding it)."""
    root = copy_example(tmp_path / "t")
    profile = root / "credits/profile.yaml"
    profile.write_text(profile.read_text("utf-8") + "  - id: CSEP-CPT\n    since: 2016-06-01\n"
                       "  - id: NREMT-EMT\n    expires: 2027-03-31\n")
    site = build_site(root)
    with serving(site) as address:
        page = browser.new_page(viewport={"width": 390, "height": 900})
        page.goto(f"{address}/add/")
        offered = page.eval_on_selector_all("input[name=tags]", "es => es.map(e => e.value)")
        fill(page, {"title": "CSEP national conference", "provider": "CSEP",
                    "completed": "2026-11-20", "credits": "7.5", "unit": "contact_hour",
                    "activity": "conference"})
        page.check("input[name=tags][value=csep-national]")
        bodies = page.eval_on_selector_all("select[name=category]",
                                           "es => es.map(e => e.dataset.body)")
        page.select_option("#add-category-nremt", "operations")
        page.click("#add-form button[type=submit]")
        path, text = page.locator("#add-path").inner_text(), page.locator("#add-yaml").inner_text()
    assert offered == ["csep-national", "csep-affiliate", "gold-standard", "csep-presenter",
                       "acsm-nsca-presenter"]
    assert "NREMT" in bodies and "ACSM" not in bodies  # ACSM has no categories
    assert text.endswith("activity: conference\ncategory:\n  NREMT: operations\n"
                         "tags:\n  - csep-national\n")
    before = csep_pdc(root)
    (root / path).write_text(text, "utf-8")
    result = cectrack("check", "--today", "2026-11-28", cwd=root)
    assert "\nACSM-CPT: 46 of 45 CEC;" in result.stdout, result.stdout
    assert csep_pdc(root) == before + 15
    status = json.loads(cectrack("status", "--json", "--today", "2026-11-28", cwd=root).stdout)
    (emt,) = [c for c in status["credentials"] if c["id"] == "NREMT-EMT"]
    earned = {c["id"]: c["earned"] for c in emt["categories"]}
    assert (earned["operations"], earned["national"]) == (7.5, 7.5)


def csep_pdc(root) -> float:
    """CSEP-CPT's total on 28 November 2026, as `cectrack check` says it."""
    said = cectrack("check", "--today", "2026-11-28", cwd=root).stdout
    return float(re.search(r"^CSEP-CPT: ([\d.]+) of 20 PDC", said, re.M)[1])
