"""Rows of the access matrix for this part (see tests/url_matrix.py)."""

from tests.url_matrix import Row  # noqa: F401


def setup(world) -> None:  # type: ignore[no-untyped-def]
    """Create the objects the rows below need; store them in world.extra."""


MATRIX: list = []
