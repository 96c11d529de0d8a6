"""Fixtures for the action plan tests. Modules whose tests need other content (the real
framework, a plan in progress) define their own `evaluation`."""

import pytest

from tests.factories import (
    choose_domains,
    evaluation_with_surveys,
    good_lives_content,
    small_framework,
)


@pytest.fixture
def evaluation(council):
    """Domains 1 and 2 of 3 chosen; GL-1 and GL-2 are suggested for every domain, GL-3 and GL-4
    are the rest of the library."""
    small_framework(domains=3, questions=1)
    good_lives_content()
    evaluation = evaluation_with_surveys(council)
    choose_domains(evaluation, 1, 2)
    return evaluation
