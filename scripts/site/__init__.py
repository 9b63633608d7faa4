"""The site itself: the mkdocs hooks that wire every capability into the build, and what every page needs.

Open hooks.py first (pure glue, no logic of its own). Languages and interface strings come from
mkdocs.yml and data/strings/; pages.py reads front matter; embeds.py expands {{ … }} lines in pages.
"""
