"""The editors' verification loop: print who is due for a call, call, record the answer in one command.

    python -m scripts.directory due [--country RU] [--format text|csv|pdf] [--output FILE]
    python -m scripts.directory verified ID --method call --by "Organisation" [--date YYYY-MM-DD] [--note …]
    python -m scripts.directory dead ID NUMBER --by "Organisation" [--date YYYY-MM-DD] [--note …]

`verified` and `dead` change data/contacts.yaml with a round-trip YAML editor (ruamel.yaml): only the
lines they must, with comments, order, quotes and line lengths kept, so the pull request shows exactly
the confirmation. A confirmation names an organisation or a role, never a private person.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import sys
from html import escape
from pathlib import Path
from typing import Any, Iterable

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from scripts.check.problems import relative
from scripts.directory import contacts, freshness
from scripts.directory.contacts import Entry, display_phone
from scripts.directory.contacts_render import text

METHODS = ("call", "official-site", "official-social", "press")


def due(entries: Iterable[Entry], country: str | None = None, today: dt.date | None = None) -> list[Entry]:
    """Entries a volunteer can check and nobody has confirmed lately, the oldest evidence first.
    History (nothing to call or open) is left out: there is nothing to confirm."""
    chosen = [entry for entry in entries
              if freshness.reachable(entry) and freshness.of(entry, today).level != freshness.CONFIRMED
              and (country is None or entry["country"] == country)]
    return sorted(chosen, key=lambda entry: (freshness.of(entry, today).year or 0, entry["id"]))


def _row(entry: Entry) -> dict[str, str]:
    name, _ = text(entry, "name", "en")
    city, _ = text(entry, "city", "en")
    state = freshness.of(entry)
    return {"id": entry["id"], "country": entry["country"], "city": city, "name": name,
            "numbers": " / ".join(display_phone(p["number"]) for p in entry.get("phones") or []),
            "website": entry.get("website", ""), "status": state.words("en")}


def due_text(entries: list[Entry]) -> str:
    lines = [f"Directory entries due for confirmation, oldest evidence first ({len(entries)}).",
             "Record each answer: python -m scripts.directory verified ID --method call --by \"Organisation\"", ""]
    lines += [f"{r['id']}: {r['name']} — {r['numbers'] or r['website']} — {r['status']}" for r in map(_row, entries)]
    return "\n".join(lines) + "\n"


def due_csv(entries: list[Entry]) -> str:
    out = io.StringIO()
    fields = ["id", "country", "city", "name", "numbers", "website", "status",
              "works (yes/no/no answer)", "hours", "languages spoken", "date called", "called by (organisation)"]
    writer = csv.DictWriter(out, fieldnames=fields)
    writer.writeheader()
    for row in map(_row, entries):
        writer.writerow(row)
    return out.getvalue()


def call_sheet_html(entries: list[Entry], today: dt.date | None = None) -> str:
    """A printable call sheet: each entry with what to ask and boxes for the answers."""
    today = today or dt.date.today()
    blocks = []
    for row in map(_row, entries):
        reach = escape(row["numbers"] or row["website"])
        blocks.append(
            f'<section class="call"><h2>{escape(row["name"])}</h2>'
            f'<p class="reach">{reach} · {escape(row["city"])} {escape(row["country"])} · <code>{escape(row["id"])}</code></p>'
            f'<p class="status">{escape(row["status"])}</p>'
            f'<ol><li>Is this still the number (or page) of {escape(row["name"])}? □ yes □ no □ no answer □ wrong number</li>'
            '<li>Opening hours: ____________________________</li>'
            '<li>Languages spoken (Russian, Kyrgyz, Tajik, Uzbek…): ____________________</li>'
            '<li>Do they help migrants from Kyrgyzstan, Tajikistan, Uzbekistan? ____________</li></ol>'
            '<p class="sign">Date: ____________ Called by (organisation): ______________________</p></section>')
    return ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Call sheet</title><style>'
            '@page{size:A4;margin:14mm} body{font-family:"Noto Sans",sans-serif;font-size:10pt}'
            'h1{font-size:15pt} .call{break-inside:avoid;border-top:1px solid #888;padding:4pt 0}'
            'h2{font-size:11pt;margin:0} .reach{font-size:11pt;font-weight:bold;margin:2pt 0}'
            '.status{color:#555;margin:0} ol{margin:3pt 0} li{margin:3pt 0}</style></head><body>'
            f'<h1>Call sheet: {len(entries)} directory entries to confirm ({today.isoformat()})</h1>'
            '<p>Call each number, ask the questions, tick the boxes. Then record each answer with '
            '<code>python -m scripts.directory verified ID --method call --by "Your organisation"</code>, '
            'or a number that no longer works with <code>python -m scripts.directory dead ID NUMBER --by …</code>. '
            'Write your organisation or your role, never a person’s name.</p>'
            + "".join(blocks) + "</body></html>")


class EditError(Exception):
    """A confirmation that cannot be recorded; the message says why and how to fix it."""


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 100000                       # never re-wrap a long line
    yaml.indent(mapping=2, sequence=2, offset=0)
    return yaml


def _edit(path: Path, entry_id: str, change) -> None:
    yaml = _yaml()
    data = yaml.load(path.read_text(encoding="utf-8"))
    entry = next((e for e in data or [] if isinstance(e, dict) and e.get("id") == entry_id), None)
    if entry is None:
        raise EditError(f"{relative(path)}: no entry with id '{entry_id}' (check the spelling)")
    change(entry)
    out = io.StringIO()
    yaml.dump(data, out)
    # Write only after the whole edit worked, so a failure never leaves half a file.
    path.write_text(out.getvalue(), encoding="utf-8")


def _record(date: dt.date, by: str, note: str | None, **fields: Any) -> CommentedMap:
    if len(by.strip()) < 3:
        raise EditError("--by must name the organisation or role that confirmed it (at least 3 letters)")
    if date > dt.date.today():
        raise EditError(f"--date {date} is in the future")
    record = CommentedMap()
    record["date"] = date   # a date, so it is written plain (2026-03-31), as every other date in the file
    record.update(fields)
    record["by"] = by.strip()
    if note:
        record["note"] = note
    return record


def record_verified(path: Path, entry_id: str, method: str, by: str, date: dt.date, note: str | None = None) -> None:
    """Set the entry's confirmation, placed after last_reviewed; an earlier one is replaced (git keeps it)."""
    if method not in METHODS:
        raise EditError(f"--method must be one of {', '.join(METHODS)}")
    record = _record(date, by, note, method=method)

    def change(entry: CommentedMap) -> None:
        if "verified" in entry:
            entry["verified"] = record
        else:
            keys = list(entry)
            entry.insert(keys.index("last_reviewed") + 1 if "last_reviewed" in keys else len(keys), "verified", record)
    _edit(path, entry_id, change)


def record_dead(path: Path, entry_id: str, number: str, by: str, date: dt.date, note: str | None = None) -> None:
    """Mark one number as no longer working: it stays in the file as history and is never shown again."""
    record = _record(date, by, note)

    def change(entry: CommentedMap) -> None:
        phone = next((p for p in entry.get("phones") or [] if str(p.get("number")) == number), None)
        if phone is None:
            listed = ", ".join(str(p.get("number")) for p in entry.get("phones") or []) or "none"
            raise EditError(f"entry '{entry_id}' has no number '{number}' (its numbers: {listed})")
        phone["dead"] = record
    _edit(path, entry_id, change)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.directory", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    due_cmd = commands.add_parser("due", help="entries due for confirmation, oldest first")
    due_cmd.add_argument("--country", choices=sorted(contacts.countries()))
    due_cmd.add_argument("--format", choices=("text", "csv", "pdf"), default="text")
    due_cmd.add_argument("--output", type=Path, help="file to write (a PDF needs one; default call-sheet.pdf)")
    for name in ("verified", "dead"):
        sub = commands.add_parser(name, help="record a confirmation" if name == "verified" else "mark a number dead")
        sub.add_argument("id")
        if name == "dead":
            sub.add_argument("number", help="as written in data/contacts.yaml, e.g. +74951234567")
        else:
            sub.add_argument("--method", required=True, choices=METHODS)
        sub.add_argument("--by", required=True, help="the organisation or role, never a person's name")
        sub.add_argument("--date", type=dt.date.fromisoformat, default=dt.date.today())
        sub.add_argument("--note")
        sub.add_argument("--file", type=Path, default=contacts.CONTACTS_YML, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.command == "due":
        directory = contacts.load()
        chosen = due(directory.entries, args.country)
        if args.format == "pdf":
            from weasyprint import HTML
            output = args.output or Path("call-sheet.pdf")
            HTML(string=call_sheet_html(chosen)).write_pdf(output)
            print(f"{output}: {len(chosen)} entries to call")
            return 0
        body = due_csv(chosen) if args.format == "csv" else due_text(chosen)
        if args.output:
            args.output.write_text(body, encoding="utf-8")
        else:
            sys.stdout.write(body)
        return 0
    try:
        if args.command == "verified":
            record_verified(args.file, args.id, args.method, args.by, args.date, args.note)
        else:
            record_dead(args.file, args.id, args.number, args.by, args.date, args.note)
    except EditError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    problems = contacts.load(args.file).problems
    print(f"{relative(args.file)}: recorded for {args.id}" + (f"; the file now has {len(problems)} problem(s): run "
                                                             "python -m scripts.check" if problems else ""))
    return 0
