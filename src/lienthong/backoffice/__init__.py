"""The back office: the web face of the one-stop shop for officers (desk intake, inboxes, the dossier page)."""
