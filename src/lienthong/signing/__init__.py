"""Digital signatures on electronic results (PAdES with pyHanko): signing, verification, the signed-result record."""
