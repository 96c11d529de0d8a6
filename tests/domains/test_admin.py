import pytest
from django.contrib import admin
from django.urls import reverse

from domains.models import Domain

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_admin(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.org", "pw-123456789")
    client.force_login(user)
    return client


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
