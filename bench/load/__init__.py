"""Load benchmark of the workspace and the portal (``python -m bench.load``, ``make bench-load``)."""
