"""python -m scripts.directory due|verified|dead: the editors' verification loop
(scripts/directory/contacts_verify.py)."""
import sys

from scripts.directory.contacts_verify import main

sys.exit(main())
