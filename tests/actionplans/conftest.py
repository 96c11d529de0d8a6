"""Fixtures for the action plan tests. `evaluation` here is a plan in progress on a small
test framework; the other kinds of evaluation the modules work on are here under their own
names, and a module that wants one for its `evaluation` says which in a one-line fixture. The
root `framework_evaluation` is the one of the real framework."""

import pytest

from tests.factories import (
    add_action,
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


@pytest.fixture
def evaluation_with_chosen_domains(council):
    """Domains 1 and 2 of 3 chosen, as in `evaluation`, but no Good Lives library: for tests
    that make their own."""
    small_framework(domains=3, questions=1)
    evaluation = evaluation_with_surveys(council)
    choose_domains(evaluation, 1, 2)
    return evaluation


@pytest.fixture
def evaluation_with_domain_one_chosen(council):
    """Two domains of two questions, the Good Lives library, and only domain 1 chosen."""
    small_framework()
    good_lives_content()
    evaluation = evaluation_with_surveys(council)
    choose_domains(evaluation, 1)
    return evaluation


@pytest.fixture
def evaluation_with_one_action(council):
    """Domain 1 of a small framework chosen, and one action in it: "Travel training in the
    evenings", not started, due within 6 months."""
    small_framework()
    evaluation = evaluation_with_surveys(council)
    choose_domains(evaluation, 1)
    add_action(evaluation, title="Travel training in the evenings")
    return evaluation
