"""The red-team pass, replayed: every way an editor's pull request could run script, redirect readers,
publish a file from outside the site, add an unlisted number or crash the check is refused, with the
file and the line, and never with a traceback.

Each case changes a fresh copy of the project and runs the editors' check (what the build runs first);
a few cases also run the real build, which must refuse too and leave nothing published.
"""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from tests.conftest import copy_project, mkdocs_build

HIV = "content/health/hiv.md"


def append(text: str, at: int = 0, page: str = HIV) -> Callable[[Path], int]:
    """Add text at the end of a page; the problem is expected on its line `at` (0: the first)."""
    def change(project: Path) -> int:
        file = project / page
        old = file.read_text(encoding="utf-8").rstrip("\n")
        file.write_text(old + "\n\n" + text + "\n", encoding="utf-8")
        return old.count("\n") + 3 + at
    return change


def replace(path: str, old: str, new: str, line_offset: int = 0) -> Callable[[Path], int]:
    def change(project: Path) -> int:
        file = project / path
        text = file.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        file.write_text(text.replace(old, new, 1), encoding="utf-8")
        return text[:text.index(old)].count("\n") + 1 + line_offset
    return change


def write_bytes(path: str, data: bytes, line: int = 1) -> Callable[[Path], int]:
    def change(project: Path) -> int:
        (project / path).write_bytes(data)
        return line
    return change


def symlink(path: str, target: str) -> Callable[[Path], int]:
    def change(project: Path) -> int:
        (project / path).symlink_to(target)
        return 0
    return change


def latin1_page(project: Path) -> int:
    file = project / HIV
    text = file.read_text(encoding="utf-8")
    file.write_bytes(text.encode("utf-8") + "\nCafé tout près\n".encode("latin-1"))
    return text.count("\n") + 2


def latin1_contacts(project: Path) -> int:
    file = project / "data/contacts.yaml"
    data = file.read_bytes()
    at = data.index(b"  name:\n    en: ") + len(b"  name:\n")
    file.write_bytes(data[:at] + "    en: Café ".encode("latin-1") + data[at + len(b"    en: "):])
    return data[:at].count(b"\n") + 1


def contacts_bomb(project: Path) -> int:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"] + [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, "
                                                    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]" for i in range(9)]
    (project / "data/contacts.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 1


@dataclass
class Case:
    id: str
    change: Callable[[Path], int]
    file: str
    words: str
    build: bool = False      # also run the real build: it must fail and publish nothing


CASES = [
    # 1. Script that runs on the site
    Case("invalid-fence-hides-script", append("```!!\n\n<script>alert(document.domain)</script>\n\n```", at=2),
         HIV, "<script>", build=True),
    Case("script-in-title", replace(HIV, "title: ", "title: <script>alert(1)</script>"), HIV, "title contains '<'",
         build=True),
    Case("description-breaks-out", replace(HIV, "description: ", 'description: x"><script>alert(1)</script> '),
         HIV, "description contains '<'"),
    Case("interface-string-script", replace("data/strings/ky.yaml", "saved_detail: ", "saved_detail: <script>alert(1)</script> "),
         "data/strings/ky.yaml", "saved_detail"),
    # 2. HTML split over lines
    Case("meta-refresh-over-lines", append('<meta\nhttp-equiv="refresh"\ncontent="0;url=https://evil.example/">'),
         HIV, "<meta>"),
    Case("img-onerror-over-lines", append('<img\nsrc=x\nonerror=alert(1)>', at=2), HIV, "'onerror'"),
    Case("phishing-form", append('<form\naction="https://evil.example/">\n<input name="passport">\n</form>'), HIV, "<form>"),
    Case("style-element", append("<style\n>body{display:none}</style>"), HIV, "<style>"),
    Case("attr-list-handler", append("Click me\n{: onclick=alert(1) }", at=1), HIV, "onclick"),
    Case("javascript-link-with-entity", append("[win](jav&#x09;ascript:alert(1))"), HIV, "javascript"),
    # 3. Files in content/
    Case("html-file", write_bytes("content/health/x.html", b"<script>alert(1)</script>", 0), "content/health/x.html",
         "'.html' file"),
    Case("svg-file", write_bytes("content/health/x.svg", b"<svg onload='alert(1)'/>", 0), "content/health/x.svg",
         "'.svg' file"),
    Case("symlink-to-git-config", symlink("content/health/config.md", "../../.git/config"), "content/health/config.md",
         "symbolic link", build=True),
    Case("symlink-to-environ", symlink("content/env.png", "/proc/self/environ"), "content/env.png", "symbolic link"),
    # 4. Numbers outside the directory
    Case("tel-link", append("[102](tel:+79990001122)"), HIV, "tel: link"),
    Case("sms-link", append("[write](sms:+79990001122)"), HIV, "sms: link"),
    Case("phone-in-text", append("Call 8 (495) 123-45-67 any time."), HIV, "looks like a phone number"),
    Case("phone-8-800", append("Free line 8-800-555-35-35."), HIV, "looks like a phone number"),
    Case("phone-in-services", replace("data/contacts.yaml", "  services:\n    en: '", "  services:\n    en: 'Call +7 999 000 11 22. ",
                                      line_offset=1), "data/contacts.yaml", "looks like a phone number"),
    Case("bidi-in-name", replace("data/contacts.yaml", "  name:\n    en: ", "  name:\n    en: \u202e", line_offset=1),
         "data/contacts.yaml", "U+202E"),
    Case("bidi-in-page", append("Call \u202e2211 000 999\u202c"), HIV, "U+202E"),
    # 5. Crashes and hangs
    Case("latin1-page", latin1_page, HIV, "not UTF-8"),
    Case("bom-page", lambda p: (p / HIV).write_bytes(b"\xef\xbb\xbf" + (p / HIV).read_bytes()) and 1, HIV, "byte-order mark"),
    Case("latin1-contacts", latin1_contacts, "data/contacts.yaml", "not UTF-8"),
    Case("recursive-alias", write_bytes("data/contacts.yaml", b"- &a [*a]\n"), "data/contacts.yaml", "alias"),
    Case("alias-bomb", contacts_bomb, "data/contacts.yaml", "alias"),
    Case("empty-contacts", write_bytes("data/contacts.yaml", b"\n"), "data/contacts.yaml", "the file is empty"),
    Case("contacts-syntax-error", replace("data/contacts.yaml", "  type: hotline\n", "  type: [hotline\n", line_offset=1),
         "data/contacts.yaml", "not valid YAML"),
    Case("external-image", append("![Map](https://example.org/map.png)"), HIV, "loaded from another site"),
    # 6. Lost data
    Case("duplicate-phones", replace("data/contacts.yaml", "  phones:\n", "  phones: []\n  phones:\n", line_offset=1),
         "data/contacts.yaml", "'phones' appears twice"),
    Case("duplicate-title", replace(HIV, "title: ", "title: First\ntitle: ", line_offset=1), HIV, "'title' appears twice"),
]


def run_check(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scripts.check"], cwd=project, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(project)}, timeout=120)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_refused_with_file_and_line(case: Case, tmp_path: Path):
    project = copy_project(tmp_path / "project")
    line = case.change(project)
    result = run_check(project)
    report = result.stdout + result.stderr
    assert result.returncode == 1, f"not refused:\n{report}"
    assert "Traceback" not in report, report
    where = f"{case.file}:{line}: " if line else f"{case.file}: "
    rows = [row.strip() for row in result.stderr.splitlines() if row.strip().startswith(where)]
    assert any(case.words in row for row in rows), f"expected '{where}…{case.words}…' in:\n{report}"
    if case.id == "contacts-syntax-error":
        assert "1 problem(s)" in result.stderr, "a broken directory is one problem, not one per embed"
    if case.build:
        site = tmp_path / "site"
        build = mkdocs_build(project, site)
        assert build.returncode != 0
        assert "Traceback" not in build.stderr[-2000:] or "PluginError" in build.stderr
        assert not (site / "index.html").exists()


# --- The build's own layers, each on its own ---

def test_the_build_allowlist_refuses_what_the_check_would_miss():
    """The build checks the content with embeds (hooks.on_page_content): nothing outside the allowlist,
    even if it came from somewhere the editors' check does not look."""
    from scripts.check.published_html import BUILD, findings
    for html in ['<p>x</p><script>alert(1)</script>', '<svg><script>alert(1)</script></svg>',
                 '<meta http-equiv="refresh" content="0;url=https://evil.example/">', '<p onclick="x">a</p>',
                 '<a href="javascript:alert(1)">a</a>', '<a href=" java\tscript:alert(1)">a</a>',
                 '<img src="https://example.org/map.png" alt="m">', '<form action="https://evil.example/"></form>',
                 '<p style="display:none">a</p>', '<input type="text" name="passport">', '<math><mi>x</mi></math>']:
        assert findings(html, BUILD), html
    assert not findings('<table><tr><th style="text-align: center;">a</th></tr></table>'
                        '<a href="tel:+996312123456">call</a><a href="geo:42.8,74.6">map</a>', BUILD)


def test_every_built_page_passes_the_allowlist(built_site: Path):
    """No false positive: all HTML the project's own Markdown and embeds produce is allowed."""
    import re
    from scripts.check.published_html import BUILD, findings
    checked = 0
    for file in built_site.rglob("*.html"):
        match = re.search(r'<article class="md-content__inner md-typeset"[^>]*>(.*)</article>\s*</div>',
                          file.read_text(encoding="utf-8"), re.S)
        if match and not file.parent.name == "offline":
            body = re.sub(r'<div class="offline-stamp".*?</div>|<section class="offline-panel".*', "", match.group(1),
                          flags=re.S)
            assert not findings(body, BUILD), file
            checked += 1
    assert checked > 100


def test_no_page_has_an_inline_script_and_every_page_has_the_policy(built_site: Path):
    from scripts.site import security
    for file in built_site.rglob("*.html"):
        html = file.read_text(encoding="utf-8")
        if "<head>" not in html or file.parent.name == "offline":
            continue
        assert not security.inline_scripts(html), file
        assert f'<meta http-equiv="Content-Security-Policy" content="{security.POLICY}">' in html, file


def test_hosting_sends_the_pages_policy_as_a_header():
    from scripts.offline import mirror
    from scripts.site import security
    from tests.conftest import ROOT
    assert mirror.HEADERS["Content-Security-Policy"] == security.HEADER_POLICY
    assert f'add_header Content-Security-Policy "{security.HEADER_POLICY}" always;' in \
        (ROOT / "scripts/hosting/nginx.conf").read_text(encoding="utf-8")


def test_publish_workflow_keeps_no_credentials():
    from tests.conftest import ROOT
    workflow = (ROOT / ".github/workflows/ci.yml").read_text(encoding="utf-8")
    assert workflow.count("actions/checkout@") == workflow.count("persist-credentials: false")


def test_leaflets_refuse_external_resources_without_fetching():
    from scripts.leaflets.plan import LeafletError
    from scripts.leaflets.render import render
    for src in ("https://example.org/map.png", "file:///etc/passwd", "http://127.0.0.1:9/x.png"):
        with pytest.raises(LeafletError, match="not a file of the site"):
            render(f'<html><body><img src="{src}" alt="x"></body></html>')


def _die(job):   # a pool worker that dies, as one did on WeasyPrint's FatalURLFetchingError
    os._exit(1)


def test_a_dead_leaflet_worker_ends_the_run_with_a_message(monkeypatch, tmp_path: Path):
    from scripts.leaflets import make
    from scripts.leaflets.plan import LeafletError
    monkeypatch.setattr(make, "make", _die)
    monkeypatch.setattr(make, "LEAFLET_TIMEOUT", 3)
    monkeypatch.setattr(make, "jobs", lambda plan, codes: [make.Job("booklet", "x", "en", "a4", "x.pdf")])
    monkeypatch.setattr(make, "public_address_of", lambda site_dir: "https://an-ngo.github.io/portal/")
    with pytest.raises(LeafletError, match="worker died or hangs"):
        make.build(tmp_path, processes=1)


def test_front_matter_is_escaped_in_the_head(built_site: Path):
    """A description with quotes stays inside content="…" (it broke out before: Material prints it raw)."""
    html = (built_site / "safe-migration" / "index.html").read_text(encoding="utf-8")
    assert 'content="Overview of the &#34;Before you go&#34; booklet' in html


@pytest.mark.parametrize("text", ["Federal Law No. 115-FZ of 25 July 2002", "on 2026-11-26", "Article 13.3 of the Code",
                                  "a fee of 5 300 roubles", "call 112, or 101-104", "up to 90 days in 180",
                                  "Order No. 1234/2021", "ISBN 978-5-12345-678", "postcode 720040", "+7 999"])
def test_texts_that_are_not_phone_numbers_pass(text: str):
    from scripts.check.numbers import phone_shaped
    assert phone_shaped(text) is None


@pytest.mark.parametrize("text", ["+79990001122", "+7 999 000-11-22", "+996 (312) 62-55-55", "8-800-555-35-35",
                                  "8 (495) 123-45-67", "8 800 555 35 35", "(0312) 62-55-55", "call 123-45-67"])
def test_phone_shaped_texts_are_found(text: str):
    from scripts.check.numbers import phone_shaped
    assert phone_shaped(text)


def test_titles_are_escaped_once_everywhere(tmp_path: Path):
    """A title with & and quotes is text in the navigation, the footer and <title>: escaped once, never raw."""
    project = copy_project(tmp_path / "project")
    replace(HIV, "title: ", 'title: HIV & "you" ')(project)
    old = (project / HIV).read_text(encoding="utf-8").split("\n")[1]
    (project / HIV).write_text((project / HIV).read_text(encoding="utf-8").replace(old, 'title: HIV & "you"'), encoding="utf-8")
    build = mkdocs_build(project, tmp_path / "site")
    assert build.returncode == 0, build.stderr[-3000:]
    html = (tmp_path / "site" / "health" / "index.html").read_text(encoding="utf-8")
    assert 'HIV &amp; &#34;you&#34;' in html
    assert '"you"' not in html and "&amp;amp;" not in html
