"""What a site build is asked for and made from, and the fixed names it uses: plain data
that the faces, the orchestrator and every page writer share (so none of them needs
another's module for a name)."""
from __future__ import annotations

from dataclasses import dataclass

from ..audit.packets import AuditPacket
from ..audit.proof import Proofs
from ..engine.report import Report
from ..records.model import CREDITS_DIR, Entry
from ..rules.model import Library
from ..tracker.locate import Forge

CSS = "assets/cectrack/cectrack.css"
JS = "assets/cectrack/fresh.js"
VERIFY_JS = "assets/cectrack/verify.js"
UNLOCK_JS = "assets/cectrack/unlock.js"
ADD_JS = "assets/cectrack/add.js"  # the add-a-course form
SCRIPTS = (JS, VERIFY_JS, UNLOCK_JS, ADD_JS)  # cectrack's own, no other
PLACEHOLDER = "<!-- cectrack: placeholder -->"  # a page of a new tracker the plugin fills


@dataclass(frozen=True)
class SiteContent:
    """What the pages are made from, as plain data (the orchestrator gathers it)."""

    report: Report
    library: Library
    packets: tuple[AuditPacket, ...]  # every current and still-auditable cycle's
    proofs: Proofs | None = None  # each course's certificate, for every page (proof.py)
    studio_keys: tuple[bytes, ...] = ()  # the profile's studios: the standing sealed for each
    entries: tuple[Entry, ...] = ()  # every course read, to name the course a problem is about
    credits_dir: str = CREDITS_DIR


@dataclass(frozen=True)
class PageOptions:
    dashboard: str = "index.md"
    audit_show_numbers: bool = False  # credential numbers in full on audit pages (only there)
    publish_evidence: bool = False  # certificates copied into the site and the ZIP
    audit_token: str | None = None  # unlisted audit pages live under audit/<token>/
    sealed: bool = False  # packets published encrypted: certificates only in the sealed ZIP
    private: bool = False  # every page sealed (a private site): no calendar to subscribe to
    commit_url: str = ""  # a forge's address for one commit, the id appended; "" for none
    site_url: str = ""  # the site's own address, printed on each packet with a QR code; "" unknown
    directory_urls: bool = True  # each page is a folder (audit/x/), as MkDocs and Zensical make it
    names: bytes | None = None  # a private site's key of page and file names (render/sealed.py)
    forge: Forge | None = None  # GitHub's pages to add, upload and edit files; None elsewhere
    # Each packet page as audit/<slug>/index.md (render's project): its links to its files
    # are HTML, which MkDocs keeps as written and Zensical reads from the page's source
    # folder; in a folder of its own the two are the same place.
    packet_folders: bool = False

    @property
    def audit_dir(self) -> str:
        return f"audit/{self.audit_token}" if self.audit_token else "audit"


def is_placeholder(text: str) -> bool:
    """Whether a page of the user's is a new tracker's placeholder (cectrack's to fill)."""
    return PLACEHOLDER in text
