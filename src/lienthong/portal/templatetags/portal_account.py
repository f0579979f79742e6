"""`{% signed_in_citizen as citizen %}`: the verified citizen signed in on this request, or None — for the public
header's account links, the one part of the header that differs per person and so stays outside `{% chrome %}`
(kept per language and shown to everyone: a name there would be shown to the next visitor).

A visitor without a session cookie — nearly every visitor of the tracking page — costs a dictionary look-up: no
session read, no query (docs/performance.md). Reading her session makes the response vary by cookie
(SessionMiddleware), and no public page is kept whole in a cache, so her name reaches only her.
"""

from django import template
from django.conf import settings

from lienthong.accounts.selectors import citizen_profile_of

register = template.Library()


@register.simple_tag(takes_context=True)
def signed_in_citizen(context):
    request = context.get("request")
    if request is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    # a citizen's own pages (accounts, submission) found her already (`citizen_required`): no second query
    citizen = getattr(request, "citizen", None)
    return citizen if citizen is not None else citizen_profile_of(request.user)
