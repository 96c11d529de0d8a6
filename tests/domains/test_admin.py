import pytest
from django.contrib import admin
from django.urls import reverse

from domains.models import Domain

pytestmark = pytest.mark.django_db



def admin_form_data(form):
    """What the admin form would post back unchanged."""
    data = {}
    for name in form.fields:
        value = form.initial.get(name)
        if value is True:
            data[name] = "on"
        elif value is not None and value is not False:
            data[name] = value
    return data


def test_every_admin_list_opens(site_admin, framework):
    for model in admin.site._registry:
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert site_admin.get(url).status_code == 200, url


def test_provisional_domains_are_flagged_and_editable(site_admin, framework):
    url = reverse("admin:domains_domain_changelist")
    response = site_admin.get(url, {"provisional__exact": "1"})
    assert list(response.context["cl"].result_list) == [Domain.objects.get(number=6)]
    domain = Domain.objects.get(number=6)
    change = reverse("admin:domains_domain_change", args=[domain.pk])
    assert site_admin.get(change).status_code == 200


def test_admin_is_for_staff_only(client, facilitator):
    client.force_login(facilitator)
    response = client.get(reverse("admin:domains_domain_changelist"))
    assert response.status_code == 302
    assert client.get(response.url).status_code == 403


def test_admin_needs_two_factor_sign_in(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.org", "pw-123456789")
    client.force_login(user)
    response = client.get(reverse("admin:domains_domain_changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("two_factor_set_up"))


def test_changing_wording_in_admin_adds_a_revision(site_admin, framework):
    from domains.models import EnablerQuestion

    question = EnablerQuestion.objects.filter(is_current=True).first()
    url = reverse("admin:domains_enablerquestion_change", args=[question.pk])
    form = site_admin.get(url).context["adminform"].form
    data = admin_form_data(form)
    data.update(text_en="We now ask it differently.", domain=question.domain_id,
                source_checked="", ours="on")
    response = site_admin.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    question.refresh_from_db()
    assert not question.is_current
    assert question.text != "We now ask it differently."
    new = EnablerQuestion.objects.get(code=question.code, is_current=True)
    assert new.text == "We now ask it differently."
    assert new.revision == question.revision + 1


def test_changing_only_the_source_edits_in_place(site_admin, framework):
    from domains.models import EnablerQuestion

    question = EnablerQuestion.objects.filter(is_current=True).first()
    url = reverse("admin:domains_enablerquestion_change", args=[question.pk])
    form = site_admin.get(url).context["adminform"].form
    data = admin_form_data(form)
    data.update(domain=question.domain_id, source_checked="on",
                ours="on" if question.ours else "")
    assert site_admin.post(url, data).status_code == 302
    question.refresh_from_db()
    assert question.is_current and question.source_checked
    assert EnablerQuestion.objects.filter(code=question.code).count() == 1


def test_rewording_a_survey_question_says_which_surveys_ask_the_earlier_wording(
        site_admin, framework, council):
    from domains.models import SurveyQuestion
    from evaluations.services.surveys import survey_close
    from tests.factories import evaluation_with_surveys

    evaluation = evaluation_with_surveys(council, audiences=["lived_experience"])
    evaluation_with_surveys(council, audiences=["lived_experience"], title="Closed one")
    survey_close(survey=council.evaluations.get(title="Closed one").surveys.get())
    question = SurveyQuestion.objects.get(code="D1-LE-1", is_current=True)
    url = reverse("admin:domains_surveyquestion_change", args=[question.pk])
    data = admin_form_data(site_admin.get(url).context["adminform"].form)
    data.update(text_en="Does the council listen to you?", domain=question.domain_id,
                source_checked="", ours="on")
    response = site_admin.post(url, data, follow=True)
    page = response.content.decode()
    assert "saved as revision 2" in page
    assert "1 survey still asks the earlier wording." in page
    assert evaluation.surveys.get().items.filter(question=question).exists()
