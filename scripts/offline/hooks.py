"""mkdocs hook for the offline copies: the installable app, and the file:// build of the bundle.

Listed under `hooks:` in mkdocs.yml next to scripts/site/hooks.py. Two kinds of build:
- the hosted site (default): pages link the per-language manifest and assets/pwa.js; when every
  language is built, scripts/offline/pwa.py writes the service worker and its file lists.
- an offline copy (PORTAL_OFFLINE_COPY=bundle, run by scripts/offline/bundle.py): links end in
  index.html so pages open from file://, the build date is printed on every page, and nothing
  of the app (service worker, manifest) is included: it cannot run from file:// or plain http.
"""
from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from scripts.offline import pwa  # noqa: E402
from scripts.site import assets, build_info, theme_css  # noqa: E402

@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    i18n = config.plugins["i18n"]
    language = i18n.current_language or i18n.default_language
    copy = build_info.offline_mode()
    if copy:
        config.use_directory_urls = False   # file:// has no index.html for a folder
    config.extra["offline"] = {
        "mode": copy, "language": language,
        "prefix": "" if language == i18n.default_language else f"{language}/",
        "built_on": build_info.built_on(language) if copy else "",
    }
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    # overrides/sw.js is a template: only scripts/offline/pwa.py writes the real worker, once every file is
    # built. A copy of the template must never be served, not even for a moment during a build.
    worker = files.get_file_from_path("sw.js")
    if worker is not None:
        files.remove(worker)
    return files


@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    # After mkdocs-static-i18n has built every language (its own on_post_build runs them nested):
    # the theme's files are final, so they are minified once, the theme's stylesheet cut to the rules the
    # pages use (scripts/site/theme_css.py), then hashed for the worker.
    if config.plugins["i18n"].building:
        return
    assets.minify(Path(config.site_dir))
    theme_css.purge_site(Path(config.site_dir))
    if not build_info.offline_mode():
        pwa.refresh(Path(config.site_dir))
