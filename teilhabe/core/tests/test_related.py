"""The registry through which a later part lists its objects on an earlier part's page."""

from __future__ import annotations

import pytest

from teilhabe.core import related


def test_an_unknown_name_fails_when_registered():
    with pytest.raises(ValueError, match="unknown related list"):
        related.register("working_group.recomendations", lambda group: [])


def test_the_concept_lists_the_recommendations_of_a_working_group():
    # concept/wiring.py registers it when the app is ready
    assert related.provided("working_group.recommendations")
