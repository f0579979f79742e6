"""The Decision 766 formula versions, one JSON file each (`<version>.json`); see `lienthong.reports.kpi766.registry`."""
