"""Satisfaction ratings of returned dossiers, given by their applicants (issue 4, item 4; docs/feedback.md)."""
