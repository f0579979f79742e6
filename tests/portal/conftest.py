from tests.dossiers.conftest import applicant, documents, form_data, officers, procedure, province  # noqa: F401
from tests.portal.find_given import catalogue, fresh_find_cache  # noqa: F401
