"""Where the tracker is, and where its site is published.

Commands work from any folder inside a tracker, as git does: the root is the nearest folder,
from here upwards, that holds the credits folder or mkdocs.yml.  The site's address comes
from `site_url` in mkdocs.yml or, for a GitHub repository, from its `origin` remote (the
address GitHub Pages gives it).
"""
from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from ..files.paths import inside
from ..records.model import CREDITS_DIR
from .siteconfig import plugin_options, read_site_config

# A forge remote: git@HOST:PATH, ssh://git@HOST[:port]/PATH, http(s)://[user@]HOST/PATH,
# each with an optional .git; PATH is owner/name (GitLab: groups/…/name).
_REMOTE = re.compile(
    r"^(?:git@(?P<ssh>[A-Za-z0-9.-]+):|ssh://git@(?P<sshurl>[A-Za-z0-9.-]+)(?::\d+)?/|"
    r"(?P<scheme>https?)://(?:[^@/]+@)?(?P<web>[A-Za-z0-9.-]+)/)"
    r"(?P<path>[A-Za-z0-9_-][A-Za-z0-9._-]*(?:/[A-Za-z0-9_-][A-Za-z0-9._-]*){1,5})/?$")
# Where each known forge shows one commit (a self-hosted forge is not guessed at).
_COMMIT_PAGES = {"github.com": "commit", "codeberg.org": "commit", "gitlab.com": "-/commit",
                 "bitbucket.org": "commits"}


def _forge(remote: str) -> tuple[str, str, str] | None:
    """(host, owner/name path, scheme) of a forge remote, or None."""
    found = _REMOTE.match(remote.strip())
    if not found:
        return None
    host = (found["ssh"] or found["sshurl"] or found["web"]).lower()
    return host, found["path"].removesuffix(".git"), found["scheme"] or "ssh"


def find_tracker(start: Path, credits_dir: str = CREDITS_DIR) -> Path | None:
    """The nearest folder from `start` upwards holding `credits_dir` or mkdocs.yml; None
    when there is none (no tracker here)."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / credits_dir).is_dir() or (folder / "mkdocs.yml").is_file():
            return folder
    return None


def find_root(start: Path, credits_dir: str = CREDITS_DIR) -> Path:
    """find_tracker's folder, or `start` itself when there is none (its problems then say
    what is missing where)."""
    return find_tracker(start, credits_dir) or start.resolve()


def configured_credits_dir(root: Path) -> str:
    """The plugin's credits_dir in mkdocs.yml, when it is a folder inside the tracker;
    else "credits" (a bad value is the plugin's to report, at build time)."""
    folder = plugin_options(read_site_config(root)).get("credits_dir")
    if isinstance(folder, str) and folder.strip() and inside(root, root / folder):
        return folder
    return CREDITS_DIR


def configured_site_url(root: Path) -> str:
    """site_url from mkdocs.yml, when it is a plain http(s) address; else ""."""
    url = read_site_config(root).get("site_url")
    return url if isinstance(url, str) and url.startswith(("https://", "http://")) else ""


def pages_url_of_remote(remote: str) -> str:
    """The GitHub Pages address of a GitHub remote; "" for any other remote."""
    forge = _forge(remote)
    if forge is None or forge[0] != "github.com" or forge[1].count("/") != 1:
        return ""
    owner, name = forge[1].split("/")
    owner = owner.lower()
    if len(owner) > 39 or len(name) > 100:
        return ""
    if name.lower() == f"{owner}.github.io":
        return f"https://{owner}.github.io/"
    return f"https://{owner}.github.io/{name}/"


def git_remote(root: Path) -> str:
    try:
        result = subprocess.run(["git", "-C", str(root), "remote", "get-url", "origin"],
                                capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


def site_url(root: Path) -> str:
    """The site's address, ending in "/": configured, else derived from the remote; or ""."""
    url = configured_site_url(root) or pages_url_of_remote(git_remote(root))
    return url if not url or url.endswith("/") else url + "/"


def commit_url_base(repo_url: str) -> str:
    """The address a commit id is appended to, for a repository on a known forge: from
    mkdocs.yml's repo_url or the origin remote; "" when the forge is not known."""
    forge = _forge(repo_url)
    if forge is None or forge[2] == "http":  # the links go out on https only
        return ""
    host, path, _ = forge
    nested = path.count("/") > 1  # only GitLab has subgroups
    if host not in _COMMIT_PAGES or (nested and host != "gitlab.com"):
        return ""
    return f"https://{host}/{path}/{_COMMIT_PAGES[host]}/"


def commit_links(root: Path, repo_url: str | None = None) -> str:
    """The commit address base for the tracker: repo_url when given, else its origin remote."""
    return commit_url_base(repo_url or "") or commit_url_base(git_remote(root))


# --- Where a course can be added from a phone: the forge's own editor ---------------------

_BRANCH = re.compile(r"^[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)*$")  # a plain branch name


@dataclass(frozen=True)
class Forge:
    """A repository on GitHub and the branch the site is built from: the pages on which a
    file is added, uploaded or edited in the browser (a phone has no terminal)."""

    repository: str  # https://github.com/OWNER/NAME
    branch: str

    def new_file(self) -> str:
        """GitHub's new-file page; `?filename=PATH&value=TEXT` fills it in (the add-a-course
        page's script adds them)."""
        return f"{self.repository}/new/{quote(self.branch, safe='/')}"

    def upload(self, folder: str) -> str:
        return f"{self.repository}/upload/{quote(self.branch, safe='/')}/{quote(folder)}"

    def edit(self, path: str) -> str:
        return f"{self.repository}/edit/{quote(self.branch, safe='/')}/{quote(path)}"


def forge_of(root: Path, repo_url: str | None = None, edit_uri: str | None = None,
             docs_dir: str = "docs") -> Forge | None:
    """The tracker's GitHub repository (repo_url, else the origin remote) and its branch
    (from mkdocs.yml's edit_uri, else the branch checked out, else main); None off GitHub."""
    forge = _forge(repo_url or "") or _forge(git_remote(root))
    if forge is None or forge[0] != "github.com" or forge[1].count("/") != 1:
        return None
    branch = _branch_of_edit_uri(edit_uri, docs_dir) or _current_branch(root) or "main"
    return Forge(f"https://github.com/{forge[1]}", branch)


def _branch_of_edit_uri(edit_uri: str | None, docs_dir: str) -> str:
    """edit/BRANCH/DOCS/ (or blob/…), as GitHub's edit links are written; else ""."""
    parts = (edit_uri or "").strip("/").split("/")
    docs = [p for p in docs_dir.strip("/").split("/") if p]
    if len(parts) < 2 + len(docs) or parts[0] not in ("edit", "blob") or (
            docs and parts[-len(docs):] != docs):
        return ""
    branch = "/".join(parts[1:len(parts) - len(docs)])
    return branch if _BRANCH.match(branch) else ""


def _current_branch(root: Path) -> str:
    try:
        result = subprocess.run(["git", "-C", str(root), "symbolic-ref", "--quiet", "--short",
                                 "HEAD"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return ""
    branch = result.stdout.strip() if result.returncode == 0 else ""
    return branch if _BRANCH.match(branch) else ""
