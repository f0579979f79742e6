"""Communes' digital readiness: a versioned quarterly survey per commune, beside the system's own online figures."""
