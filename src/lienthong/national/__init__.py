"""The connector to the national public service portal (DVCQG) and, in `simulator`, a local stand-in for it."""
