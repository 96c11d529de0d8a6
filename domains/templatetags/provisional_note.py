"""{% provisional_note domains %}: on a staff page or the public framework page, say once,
plainly, which of the domains shown is provisional and why
(templates/domains/_provisional_note.html). Takes a domain, or a list of domains or of rows
that have a `domain`. Says nothing when none is provisional. Respondents' pages and PDFs never
use it: they name a domain in its Easy Read words (domains.easy_read)."""

from django import template

from domains.models import Domain

register = template.Library()


def _domain(item):
    if isinstance(item, dict):
        return item.get("domain")
    return item if isinstance(item, Domain) else getattr(item, "domain", None)


@register.inclusion_tag("domains/_provisional_note.html")
def provisional_note(domains):
    items = [domains] if isinstance(domains, Domain) else (domains or [])
    provisional = []
    for item in items:
        domain = _domain(item)
        if domain is not None and domain.provisional and domain not in provisional:
            provisional.append(domain)
    return {"provisional_domains": provisional}
