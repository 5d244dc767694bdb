"""Benchmarks of the data basis (``python -m bench.statistics [--quick]``)."""
