"""The editors' check: everything an editor can break, reported at once with file, line and fix.

Open editors_check.py first (`python -m scripts.check`; the build runs the same check). problems.py is the
one shape of a problem, yaml_lines.py the YAML loader that keeps line numbers, used by every loader.
"""
