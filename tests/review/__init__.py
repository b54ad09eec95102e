"""Review findings: each test asserts the correct behaviour of a bug found in review."""
