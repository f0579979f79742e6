"""The 503 page (the system busy: a statement that ran out of time) is rendered, like the 500 page, from its template
alone — whoever serves it needs no request, session or database — in the active language and in the back office's
or the public style (issue 11, item 3)."""

import pytest
from django.template import loader
from django.utils import translation


@pytest.mark.parametrize(("language", "heading", "next_step"), [
    ("vi", "Hệ thống đang bận", "Thử lại sau ít phút"), ("en", "The system is busy", "Try again in a few minutes"),
])  # fmt: skip
@pytest.mark.parametrize(("for_officers", "style"), [(True, "backoffice/backoffice.css"), (False, "portal/portal.css")])
def test_the_busy_page(language, heading, next_step, for_officers, style):
    # no django_db mark: any query would raise here
    with translation.override(language):
        page = loader.get_template("503.html").render({"for_officers": for_officers})
    assert f'<html lang="{language}">' in page and heading in page and next_step in page and style in page
