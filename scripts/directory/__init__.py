"""The directory (data/contacts.yaml): helplines, embassies, NGOs and centres, validated, shown as cards
and a map, and kept honest about how fresh each number is.

Open contacts.py first (load and validate). `python -m scripts.directory due|verified|dead` is the
editors' verification loop (contacts_verify.py).
"""
