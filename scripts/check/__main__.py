"""python -m scripts.check: the editors' check, every problem at once (scripts/check/editors_check.py)."""
import sys

from scripts.check.editors_check import main

sys.exit(main())
