"""The editors' check: every common mistake, made at once, reported at once with file, line and fix."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import mkdocs_build

BODY_END = "\n"


def append(project: Path, page: str, text: str) -> int:
    """Add lines at the end of a page; return the line number of the first one."""
    file = project / "content" / page
    old = file.read_text(encoding="utf-8")
    file.write_text(old.rstrip("\n") + "\n\n" + text + BODY_END, encoding="utf-8")
    return old.rstrip("\n").count("\n") + 3


def replace(project: Path, path: str, old: str, new: str) -> int:
    """Replace the first occurrence of old; return its line number."""
    file = project / path
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_all_mistakes_reported_in_one_run(project_copy: Path, tmp_path: Path):
    p = project_copy
    expected: list[tuple[str, int, str]] = []

    def expect(file: str, line: int, words: str) -> None:
        expected.append((file, line, words))

    expect("data/contacts.yaml", replace(p, "data/contacts.yaml", "  type: hotline\n", "  type: hotlines\n"),
           "'hotlines' is not allowed for 'type'")
    reviewed = re.search(r"(?m)^last_reviewed: \S+", (p / "content/about.md").read_text(encoding="utf-8")).group(0)
    expect("content/about.md", replace(p, "content/about.md", reviewed, "last_reviewed: 26/11/2026"),
           "last_reviewed '26/11/2026' is not a date")
    expect("content/trafficking.md", replace(p, "content/trafficking.md", "countries:", "contries:"),
           "unknown front-matter field 'contries'")
    expect("content/centres.md", replace(p, "content/centres.md", "countries: [KZ, KG, TJ, UZ]", "countries: [KZ, XX]")
           if "countries: [KZ, KG, TJ, UZ]" in (p / "content/centres.md").read_text(encoding="utf-8")
           else replace(p, "content/centres.md", "countries: [", "countries: [XX, "), "'XX' is not a known country code")
    expect("content/health/tb.md", append(p, "health/tb.md", "See [the page](../no-such-page.md)."),
           "points to a page that does not exist")
    expect("content/health/tb.md", append(p, "health/tb.md", "See [signs](#signs-of-tbc)."),
           "'#signs-of-tbc' points to no heading")
    expect("content/ru/health/tb.md", append(p, "ru/health/tb.md", "См. [раздел](hiv.md#нет-такого-раздела)."),
           "points to a heading that does not exist")
    expect("content/health/hiv.md", append(p, "health/hiv.md", "![A leaflet](leaflet.png)"), "'leaflet.png' does not exist")
    (p / "content" / "health" / "card.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    expect("content/health/hiv.md", append(p, "health/hiv.md", "![](card.png)"), "has no description (alt text)")
    expect("content/entry-exit/russia.md", append(p, "entry-exit/russia.md", "{{ contacts id=ru-no-such-embassy }}"),
           "unknown contact id 'ru-no-such-embassy'")
    expect("content/entry-exit/kazakhstan.md", append(p, "entry-exit/kazakhstan.md", "<script>alert('x')</script>"),
           "a <script> tag")
    expect("content/safe-migration/money.md", append(p, "safe-migration/money.md", '<a onclick="steal()">win</a>'),
           "an inline event handler")
    expect("content/safe-migration/family.md", append(p, "safe-migration/family.md", "[Prize](javascript:alert(1))"),
           "a javascript: link")
    expect("content/safe-migration/documents.md", append(p, "safe-migration/documents.md", "<div>Some box</div>"), "raw HTML")
    expect("content/safe-migration/warning-signs.md",
           append(p, "safe-migration/warning-signs.md", "Hidden text\n{: style=\"display:none\" }") + 1, "a style attribute")
    expect("content/uz/about.md", replace(p, "content/uz/about.md", "title: Portal haqida", "title: O'zbek portal haqida"),
           "uses a quote mark instead of the letter ʻ")
    expect("content/ky/health/hiv.md", replace(p, "content/ky/health/hiv.md", "title: ", "title: Бир барак\nold_title: ") + 1,
           "unknown front-matter field 'old_title'")
    tb_title = (p / "content/ky/health/tb.md").read_text(encoding="utf-8").split("title: ")[1].split("\n")[0]
    index_title = (p / "content/ky/health/index.md").read_text(encoding="utf-8").split("title: ")[1].split("\n")[0]
    replace(p, "content/ky/health/index.md", f"title: {index_title}", f"title: {tb_title}")
    expect("content/ky/health/tb.md", 2, f"the title '{tb_title}' is already used by content/ky/health/index.md")
    expect("content/tg/index.md", append(p, "tg/index.md", "{{ contacts country=RU typ=hotline }}"), "'typ=hotline' is not a filter")
    entry_reviewed = re.search(r"(?m)^  last_reviewed: \S+", (p / "data/contacts.yaml").read_text(encoding="utf-8")).group(0)
    expect("data/contacts.yaml", replace(p, "data/contacts.yaml", entry_reviewed, "  last_reviewed: 2030-01-01"),
           "in the future")

    result = subprocess.run([sys.executable, "-m", "scripts.check"], cwd=p, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(p)})
    assert result.returncode == 1
    report = result.stderr
    for file, line, words in expected:
        matching = [row for row in report.splitlines() if row.strip().startswith(f"{file}:{line}: ") and words in row]
        assert matching, f"expected '{file}:{line}: …{words}…' in:\n{report}"
        assert " — " in matching[0], f"no fix given: {matching[0]}"
    assert len(expected) >= 15

    site = tmp_path / "published"
    site.mkdir()
    (site / "index.html").write_text("the site readers have now", encoding="utf-8")
    build = mkdocs_build(p, site)
    assert build.returncode != 0
    assert (site / "index.html").read_text(encoding="utf-8") == "the site readers have now"
    assert [f.name for f in site.iterdir()] == ["index.html"]


def test_clean_project_passes_the_check():
    result = subprocess.run([sys.executable, "-m", "scripts.check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK:") or "OK:" in result.stdout
