"""python -m scripts.leaflets SITE_DIR: every leaflet of a built site (scripts/leaflets/make.py)."""
import sys

from scripts.leaflets.make import main

sys.exit(main())
