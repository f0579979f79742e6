from tests.dossiers.conftest import applicant, documents, form_data, officers, procedure, province  # noqa: F401
