"""Printable leaflets: every booklet as A4 and folded A5 PDFs, and a contact sheet per country, made from
the built pages, with QR codes to the live site.

Open make.py first (`python -m scripts.leaflets SITE_DIR`): plan.py says what to print; paper.py, booklet.py and
sheets.py write the HTML, render.py and impose.py make the PDFs, listing.py links them from the site,
hooks.py adds the "Download as PDF" line; leaflets.css is their layout.
"""
