"""The portal's build, checks and tools, one package per capability (README's table maps them):

- site/          the mkdocs hooks and what every page needs: open site/hooks.py first.
- check/         the editors' check (`python -m scripts.check`) and the located problems every loader reports.
- directory/     data/contacts.yaml: helplines, embassies, NGOs, their cards, map, freshness and verification.
- search/        one small search index per language, and the word rules shared with the search box.
- offline/       the installable app, the zip bundle, ZIM files for Kiwix, the LAN mirror, the downloads page.
- leaflets/      printable PDF leaflets and contact sheets, made from the built site.
- translations/  which translations are up to date, and the glossary (one word for one thing).
- benchmark/     the figures of BENCHMARKS.md (not tests: they depend on the machine).

The shell entry points stay here: build, test, setup (and apt-packages.txt); hosting/ holds the nginx example.
"""
