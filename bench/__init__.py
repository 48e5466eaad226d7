"""Benchmarks: each module prints its figures when run, and returns them from ``run()``."""
