from tests.portal.find_given import BIRTH, PERMIT, TEMPLATE_BYTES  # noqa: F401


def test_the_procedure_page_links_the_form_and_the_link_downloads_it(client, catalogue):
    form = catalogue["form"]
    url = f"/thu-tuc/{BIRTH}/mau/{form.pk}/"
    assert f'href="{url}"' in client.get(f"/thu-tuc/{BIRTH}/").content.decode()

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "to-khai-dang-ky-khai-sinh.docx" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == TEMPLATE_BYTES


def test_a_form_is_reached_only_through_its_own_procedure(client, catalogue):
    response = client.get(f"/thu-tuc/{PERMIT}/mau/{catalogue['form'].pk}/")
    assert response.status_code == 404


def test_a_document_without_a_file_has_nothing_to_download(client, catalogue):
    without_file = catalogue["birth"].documents.get(position=3)
    assert client.get(f"/thu-tuc/{BIRTH}/mau/{without_file.pk}/").status_code == 404
