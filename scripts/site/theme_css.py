"""The theme's stylesheet cut down to the rules the built site can use.

Material's main.*.min.css (134 KB, 22 KB gzipped) styles every feature of the theme: code blocks,
tabs, annotations, admonition icons, emoji, tooltips… The portal uses few of them, and every first
visit paid for all. After every language is built (scripts/offline/hooks.py), this keeps a rule only if
each class, id, element and attribute its selector names can occur: in a built page, or in one of the
site's scripts (Material's bundle and the portal's own add classes and attributes at run time, and
they name them as plain words, so the words of every script count as present). Functional
pseudo-classes (:not(), :is(), :has()…) never make a rule go. Custom properties no kept rule, page or
script reads are dropped too (Material's admonition and list icons are data: URIs in them), as
are the source map and its comment. The result gets a new name with its own hash, like the theme's
(the hosting keeps /assets/stylesheets/ for a year), and every page links it.

A build on a CSS parser (tinycss2, already here for the leaflets) rather than a Node tool: the site
builds with Python alone. tests/test_assets.py and tests/browser/test_site.py check dynamic states
(search open, drawer open, details, focus, print).
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import rcssmin
import tinycss2

THEME_CSS = re.compile(r"assets/stylesheets/(main\.[0-9a-f]+\.min\.css)")
WORD = re.compile(r"[A-Za-z_][\w-]*")
TAG = re.compile(r"<([a-zA-Z][\w-]*)")
ATTRIBUTE = re.compile(r"""\s([a-zA-Z_:][\w:.-]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")
START_TAG = re.compile(r"<[a-zA-Z][^>]*>")
VAR = re.compile(r"var\(\s*(--[\w-]+)")
# Material's bundle names the classes of every feature it has; these are of features the portal does not
# turn on (mkdocs.yml: theme.features, markdown_extensions), so a word of the bundle starting with one
# does not keep a rule. A page that uses one (say, an editor adds content tabs) has the class in its HTML.
UNUSED_FEATURES = ("md-tooltip", "md-annotation", "md-version", "md-tag", "md-code", "md-clipboard", "tabbed-",
                   "md-source__fact", "md-status", "md-banner", "md-consent", "md-feedback", "md-social",
                   "md-progress", "md-path", "highlight", "hll",
                   "footnote", "md-annotation", "mermaid", "md-tabs", "md-sidebar__inner")
# Pseudo-classes whose argument is a selector: never a reason to drop a rule.
SELECTOR_ARGUMENT = {"not", "is", "where", "has", "matches", "-webkit-any", "-moz-any", "host", "host-context"}


def present_words(site: Path) -> set[str]:
    """Every element, attribute, class, id and attribute value of the built pages, and every word of
    the site's scripts."""
    words: set[str] = set()
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8", errors="replace")
        words.update(tag.lower() for tag in TAG.findall(html))
        for tag in START_TAG.findall(html):
            for name, value in ATTRIBUTE.findall(tag[1:]):
                words.add(name.lower())
                if value:
                    words.update(WORD.findall(value.strip("\"'")))
    for script in site.rglob("*.js"):
        if script.parent == site / "search":
            continue   # the search indexes: words of the pages, not of the interface
        words.update(word for word in WORD.findall(script.read_text(encoding="utf-8", errors="replace"))
                     if not word.startswith(UNUSED_FEATURES))
    return words


def _needs(tokens) -> tuple[set[str], bool]:
    """The names a compound selector needs present (classes, ids, elements, attributes and their
    values), and whether it can be judged at all."""
    needed: set[str] = set()
    previous = None
    for token in tokens:
        if token.type == "whitespace":
            previous = token
            continue
        if token.type == "ident":
            if previous is not None and previous.type == "literal" and previous.value == ".":
                needed.add(token.value)
            elif previous is not None and previous.type == "literal" and previous.value == ":":
                pass        # a pseudo-class or pseudo-element
            else:
                needed.add(token.value.lower())
        elif token.type == "hash":
            needed.add(token.value)
        elif token.type == "[] block":
            parts = [t for t in token.content if t.type not in ("whitespace", "comment")]
            if parts and parts[0].type == "ident":
                needed.add(parts[0].value.lower())
            values = [t for t in parts[1:] if t.type in ("ident", "string")]
            operators = "".join(t.value for t in parts[1:] if t.type == "literal")
            if values and operators == "=":
                needed.update(WORD.findall(values[-1].value))
        elif token.type == "function":
            pass            # :not(…), :is(…), :nth-child(…)…: kept whatever they hold
        previous = token
    return needed, True


def _split(prelude) -> list[list]:
    selectors, current = [], []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append(current)
            current = []
        else:
            current.append(token)
    selectors.append(current)
    return selectors


def _used(selector, words: set[str]) -> bool:
    needed, _ = _needs(selector)
    # '*', ':root', 'html' and the like need nothing
    return needed <= words | {"*"}


def _purge_rules(rules, words: set[str]) -> list:
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s for s in _split(rule.prelude) if _used(s, words)]
            if not selectors:
                continue
            if len(selectors) != len(_split(rule.prelude)):
                prelude = []
                for index, selector in enumerate(selectors):
                    if index:
                        prelude.append(tinycss2.ast.LiteralToken(0, 0, ","))
                    prelude.extend(selector)
                rule.prelude = prelude
            kept.append(rule)
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports", "layer", "container") \
                and rule.content is not None:
            inner = _purge_rules(tinycss2.parse_rule_list(rule.content, skip_whitespace=True, skip_comments=True), words)
            if inner:
                rule.content = tinycss2.parse_component_value_list(tinycss2.serialize(inner))
                kept.append(rule)
        elif rule.type in ("at-rule", "qualified-rule"):
            kept.append(rule)
    return kept


def _declarations(rule):
    return tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True, skip_comments=True)


def _drop_unread_properties(rules, read: set[str]) -> None:
    for rule in rules:
        if rule.type == "qualified-rule":
            kept = [d for d in _declarations(rule)
                    if not (d.type == "declaration" and d.name.startswith("--") and d.name not in read)]
            rule.content = _join_declarations(kept)
        elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in ("media", "supports", "layer", "container"):
            inner = tinycss2.parse_rule_list(rule.content, skip_whitespace=True, skip_comments=True)
            _drop_unread_properties(inner, read)
            rule.content = tinycss2.parse_component_value_list(tinycss2.serialize(inner))


def _join_declarations(declarations) -> list:
    text = ";".join(tinycss2.serialize([d]) if d.type != "declaration" else
                    f"{d.lower_name if not d.name.startswith('--') else d.name}:{tinycss2.serialize(d.value)}"
                    f"{'!important' if d.important else ''}" for d in declarations)
    return tinycss2.parse_component_value_list(text)


def purge(css: str, words: set[str], extra_css: str = "") -> str:
    """The rules of `css` that can apply, given the words present in pages and scripts."""
    rules = _purge_rules(tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True), words)
    # Custom properties read nowhere (not by a kept rule, the portal's styles or a script) are dropped;
    # repeated, as a property may be read only by one that goes.
    while True:
        text = tinycss2.serialize(rules)
        read = set(VAR.findall(text)) | set(VAR.findall(extra_css)) | {w for w in words if w.startswith("--")}
        before = len(text)
        _drop_unread_properties(rules, read)
        after = tinycss2.serialize(rules)
        if len(after) == before:
            break
    # Rules left with nothing to say
    rules = [r for r in rules if not (r.type == "qualified-rule" and not tinycss2.serialize(r.content).strip())]
    return rcssmin.cssmin(tinycss2.serialize(rules))


def purge_site(site: Path) -> str | None:
    """Replace the theme's stylesheet in a built site by the rules its pages can use, under a new name
    with its own hash; every page is relinked. Returns the new name (None if there was nothing to do)."""
    folder = site / "assets" / "stylesheets"
    originals = sorted(folder.glob("main.*.min.css")) if folder.is_dir() else []
    if not originals:
        return None
    source = originals[0]
    css = source.read_text(encoding="utf-8")
    if "/*purged*/" in css:
        return source.name
    own = "".join(p.read_text(encoding="utf-8") for p in (site / "assets").glob("*.css"))
    result = "/*purged*/" + purge(re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", css), present_words(site), own)
    name = f"main.{hashlib.sha256(result.encode()).hexdigest()[:8]}.min.css"
    for old in folder.glob("main.*"):
        old.unlink()
    (folder / name).write_text(result, encoding="utf-8")
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        relinked = THEME_CSS.sub("assets/stylesheets/" + name, html)
        if relinked != html:
            page.write_text(relinked, encoding="utf-8")
    return name
