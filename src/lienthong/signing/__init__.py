"""Digital signatures on electronic results (PAdES with pyHanko): signing, verification, the signed-result record."""

import warnings

# pyHanko imports cryptography's DSA support (for old signatures it can still verify); the deprecation it triggers
# says nothing to an operator of this system, which never signs with DSA, and would print on every command.
warnings.filterwarnings("ignore", message="DSA is deprecated", module="pyhanko")
