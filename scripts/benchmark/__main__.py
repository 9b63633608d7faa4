"""python -m scripts.benchmark [--quick]: the figures of BENCHMARKS.md (scripts/benchmark/site_speed.py)."""
from scripts.benchmark.site_speed import main

main()
