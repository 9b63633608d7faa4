"""Translations: which pages, interface strings and directory texts are up to date with the English, and
the glossary that keeps one word for one thing in each language.

Open page_translations.py first (`python -m scripts.translations status|mark`).
"""
