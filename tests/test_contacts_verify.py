"""The editors' verification loop: a call sheet of what is due, and one command to record the answer
that changes exactly the lines it must in data/contacts.yaml."""
from __future__ import annotations

import datetime as dt
import difflib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.directory import contacts, contacts_verify, freshness
from scripts.site.languages import ROOT

FIXTURE = Path(__file__).parent / "fixtures" / "contacts-valid.yaml"
TODAY = dt.date(2026, 11, 26)


def diff(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_due_lists_what_can_be_checked_oldest_first():
    entries = contacts.load(FIXTURE, today=TODAY).entries
    due = contacts_verify.due(entries, today=TODAY)
    # The confirmed line is not due; history has nothing to call; the oldest evidence comes first.
    assert [e["id"] for e in due] == ["kg-anti-trafficking-hotline-189", "ru-emergency-112"]
    assert [e["id"] for e in contacts_verify.due(entries, "RU", TODAY)] == ["ru-emergency-112"]


def test_due_on_the_real_directory_is_oldest_first():
    due = contacts_verify.due(contacts.load().entries)
    years = [freshness.of(entry).year or 0 for entry in due]
    assert due and years == sorted(years)
    assert all(freshness.reachable(entry) for entry in due)


def test_call_sheet_as_csv_and_pdf(tmp_path: Path):
    csv_text = contacts_verify.due_csv(contacts_verify.due(contacts.load(FIXTURE, today=TODAY).entries, today=TODAY))
    assert csv_text.splitlines()[0].startswith("id,country,city,name,numbers")
    assert "kg-anti-trafficking-hotline-189" in csv_text and "189" in csv_text
    pdf = tmp_path / "sheet.pdf"
    result = subprocess.run([sys.executable, "-m", "scripts.directory", "due", "--country", "RU", "--format", "pdf",
                             "--output", str(pdf)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Call sheet" in text and "Is this still the number" in text and "Called by (organisation)" in text
    first = contacts_verify.due(contacts.load().entries, "RU")[0]
    assert contacts_verify._row(first)["name"][:20] in " ".join(text.split())


def test_verified_round_trip_changes_only_the_intended_lines(tmp_path: Path):
    target = tmp_path / "contacts.yaml"
    shutil.copy(contacts.CONTACTS_YML, target)
    before = target.read_text(encoding="utf-8")
    entry_id = contacts.load(target).entries[0]["id"]
    result = subprocess.run([sys.executable, "-m", "scripts.directory", "verified", entry_id, "--method", "call",
                             "--by", "Red Crescent Society of Kyrgyzstan", "--date", "2026-11-30",
                             "--file", str(target)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert diff(before, target.read_text(encoding="utf-8")) == [
        "+  verified:", "+    date: 2026-11-30", "+    method: call", "+    by: Red Crescent Society of Kyrgyzstan"]
    directory = contacts.load(target)
    assert directory.problems == []
    assert freshness.of(directory.by_id()[entry_id], dt.date(2026, 12, 2)).level == freshness.CONFIRMED
    # A second confirmation replaces the first: still only the lines that differ.
    middle = target.read_text(encoding="utf-8")
    contacts_verify.record_verified(target, entry_id, "official-site", "Embassy of Kyrgyzstan (its official site)",
                                    dt.date(2026, 12, 1), "number on the contacts page")
    assert diff(middle, target.read_text(encoding="utf-8")) == [
        "-    date: 2026-11-30", "-    method: call", "-    by: Red Crescent Society of Kyrgyzstan",
        "+    date: 2026-12-01", "+    method: official-site", "+    by: Embassy of Kyrgyzstan (its official site)",
        "+    note: number on the contacts page"]


def test_a_dead_number_stays_in_the_file_and_leaves_the_site(tmp_path: Path):
    target = tmp_path / "contacts.yaml"
    shutil.copy(contacts.CONTACTS_YML, target)
    entry = next(e for e in contacts.load(target).entries if len(e.get("phones", [])) >= 2)
    number = entry["phones"][0]["number"]
    before = target.read_text(encoding="utf-8")
    contacts_verify.record_dead(target, entry["id"], number, "Tajik migrants' NGO", dt.date(2026, 11, 30))
    changed = diff(before, target.read_text(encoding="utf-8"))
    assert changed == ["+    dead:", "+      date: 2026-11-30", "+      by: Tajik migrants' NGO"]
    after = contacts.load(target)
    assert after.problems == []
    assert number not in [p["number"] for p in after.by_id()[entry["id"]]["phones"]]
    assert number in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("args,words", [
    (["verified", "no-such-id", "--method", "call", "--by", "Some NGO"], "no entry with id 'no-such-id'"),
    (["verified", "ru-emergency-numbers", "--method", "call", "--by", "X"], "at least 3 letters"),
    (["verified", "ru-emergency-numbers", "--method", "call", "--by", "Some NGO", "--date", "2099-01-01"],
     "in the future"),
    (["dead", "ru-emergency-numbers", "+70000000000", "--by", "Some NGO"], "has no number '+70000000000'"),
])
def test_a_bad_record_is_refused_and_changes_nothing(tmp_path: Path, args: list[str], words: str):
    target = tmp_path / "contacts.yaml"
    shutil.copy(contacts.CONTACTS_YML, target)
    before = target.read_text(encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "scripts.directory", *args, "--file", str(target)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 2 and words in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert target.read_text(encoding="utf-8") == before


def test_the_site_reports_what_is_due(built_site: Path):
    report = (built_site / "reports" / "contacts-due.txt").read_text(encoding="utf-8")
    due = contacts_verify.due(contacts.load().entries)
    assert report.startswith(f"Directory entries due for confirmation, oldest evidence first ({len(due)}).")
    listed = [line.split(":", 1)[0] for line in report.splitlines()[3:]]
    assert listed == [entry["id"] for entry in due]
