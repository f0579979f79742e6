"""`{% site_identity as site %}`: the province's name and the public contact for the header and footer, outside
their kept chrome (portal/identity.py: from the cache, no query on a hit)."""

from django import template

from lienthong.portal.identity import SiteIdentity, identity_now

register = template.Library()


@register.simple_tag
def site_identity() -> SiteIdentity:
    return identity_now()
