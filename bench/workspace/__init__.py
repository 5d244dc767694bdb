"""Server time of the logged-in workspace pages (``python -m bench.workspace``, ``make bench-workspace``)."""
