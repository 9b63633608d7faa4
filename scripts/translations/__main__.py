"""python -m scripts.translations status|mark: which translations are up to date
(scripts/translations/page_translations.py)."""
import sys

from scripts.translations.page_translations import main

sys.exit(main())
