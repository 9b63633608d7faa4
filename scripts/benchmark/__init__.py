"""Benchmarks: what readers get on a slow phone, search speed, build times, written to BENCHMARKS.md.

Open site_speed.py first (`python -m scripts.benchmark`); search.py measures search
(`python -m scripts.benchmark.search`); common.py is what both share.
"""
