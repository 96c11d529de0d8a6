import pytest
from django.urls import reverse

from domains.models import Domain, GoodLivesAction, GoodLivesTheme
from tests.factories import GoodLivesActionFactory

pytestmark = pytest.mark.django_db


def test_overview_lists_six_domains_and_says_once_which_is_provisional(client, framework):
    page = client.get(reverse("domains:overview")).content.decode()
    for domain in Domain.objects.all():
        assert domain.get_absolute_url() in page
    assert page.count("data-provisional-note") == 1
    assert "Domain 6 is provisional." in page


@pytest.mark.parametrize("number", range(1, 7))
def test_domain_page_shows_everything(client, framework, number):
    domain = Domain.objects.get(number=number)
    response = client.get(domain.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    for heading in ("What good looks like", "Enabler questions", "Outcome indicators",
                    "Survey questions", "People with lived experience", "Family carers",
                    "Staff and partners", "Questions for the in-depth review", "Resources",
                    "Ideas for action linked to Good Lives", "Why it is linked:"):
        assert heading in page, heading
    for resource in domain.resources.all():
        assert resource.url in page


def test_unknown_domain_is_not_found(client, framework):
    assert client.get("/framework/domains/99/").status_code == 404


def test_good_lives_library_filters(client, framework):
    theme = GoodLivesTheme.objects.first()
    url = reverse("domains:good_lives")
    everything = client.get(url).context["page"].paginator.count
    assert everything == GoodLivesAction.objects.filter(is_current=True).count()

    by_theme = client.get(url, {"theme": theme.code}).context["page"]
    assert by_theme.paginator.count == theme.actions.filter(is_current=True).count()
    assert all(a.theme == theme for a in by_theme)

    by_audience = client.get(url, {"audience": "councils"}).context["page"]
    assert by_audience.paginator.count > 0
    assert all(a.audiences.filter(code="councils").exists() for a in by_audience)


def test_good_lives_search_and_empty_state(client, framework):
    page = client.get(reverse("domains:good_lives"), {"q": "zzzz-nothing"}).content.decode()
    assert "No actions match these filters." in page
    assert "Clear filters" in page


def test_good_lives_tampered_filter_is_explained(client, framework):
    response = client.get(reverse("domains:good_lives"), {"theme": "<script>"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose a theme from the list" in page
    assert "<script>" not in page


def test_database_text_is_escaped(client, framework):
    Domain.objects.filter(number=1).update(title='<script>alert("x")</script>')
    page = client.get(reverse("domains:detail", kwargs={"number": 1})).content.decode()
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;" in page


def test_form_labels_and_hints_are_escaped():
    """Our copies of the crispy-forms-gds templates never mark labels or hints safe."""
    from crispy_forms.utils import render_crispy_form
    from django import forms

    from betterlives.forms import GDSFormMixin

    class QuestionForm(GDSFormMixin, forms.Form):
        answer = forms.ChoiceField(
            label="<b>bold</b>", help_text="<i>hint</i>", choices=[("a", "<u>A</u>")],
            widget=forms.RadioSelect,
        )
        note = forms.CharField(label="<em>note</em>", help_text="<s>h</s>")

    html = render_crispy_form(QuestionForm())
    for raw in ("<b>bold</b>", "<i>hint</i>", "<u>A</u>", "<em>note</em>", "<s>h</s>"):
        assert raw not in html


@pytest.mark.parametrize("name", ["domains:overview", "domains:good_lives"])
def test_query_count_does_not_grow(client, framework, name, django_assert_max_num_queries):
    url = reverse(name)
    with django_assert_max_num_queries(15) as small:
        client.get(url)
    theme = GoodLivesTheme.objects.first()
    for i in range(40):
        action = GoodLivesActionFactory(
            code=f"GL-X{i}", theme=theme, text=f"Extra action {i}",
            source_url="https://example.org", position=100 + i,
        )
        action.audiences.set(GoodLivesAction.objects.first().audiences.all())
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_domain_page_query_count(client, framework, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        client.get(reverse("domains:detail", kwargs={"number": 3}))


def test_error_summary_links_point_at_real_inputs():
    """Each link in the error summary goes to an input that exists on the page."""
    import re

    from crispy_forms.utils import render_crispy_form
    from django import forms
    from django.template.loader import render_to_string

    from betterlives.forms import GDSFormMixin

    class ChoicesForm(GDSFormMixin, forms.Form):
        groups = forms.MultipleChoiceField(
            choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple
        )
        colour = forms.ChoiceField(choices=[("r", "Red")], widget=forms.RadioSelect)
        name = forms.CharField()

    form = ChoicesForm(data={})
    assert not form.is_valid()
    summary = render_to_string("gds/layout/error_summary.html", {"form": form})
    page = render_crispy_form(form)
    targets = re.findall(r'href="#([^"]+)"', summary)
    assert len(targets) == 3
    for target in targets:
        assert f'id="{target}"' in page, target


def test_sign_in_heading_is_not_empty(client, db):
    page = client.get(reverse("login")).content.decode()
    assert '<h1 class="govuk-heading-l">Sign in</h1>' in page
