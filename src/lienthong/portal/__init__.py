"""The public pages for citizens and businesses: find a procedure, track a dossier by its code, rate, statistics."""
