"""Reports: the read model of dossier, complaint and feedback events, and the Decision 766 index."""
