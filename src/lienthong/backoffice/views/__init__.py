"""Thin views: parse, look up in the officer's scope, call a service, answer in Vietnamese."""
