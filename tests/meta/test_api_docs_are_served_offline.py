import re

import pytest

EXTERNAL = re.compile(r"""(?:src|href)=["']https?://""", re.IGNORECASE)


@pytest.mark.django_db
def test_interactive_api_docs_load_their_scripts_and_styles_from_this_server(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/" in html
    assert not EXTERNAL.search(html), "API docs must not load anything from a CDN"


@pytest.mark.django_db
def test_the_docs_static_files_are_served(client):
    html = client.get("/api/v1/docs").content.decode()
    for asset in re.findall(r"""(?:src|href)=["'](/static/[^"']+)["']""", html):
        response = client.get(asset)
        assert response.status_code == 200, asset
