"""Defaults shared by the Python API and the command line, defined once.

Kept free of imports so that ``sekalk --help`` can show them without loading numpy.
"""

#: Monte Carlo draws of a simulation when none are asked for.
DEFAULT_DRAWS = 100_000
#: Seed of the random streams when none is given (the same seed gives identical results).
DEFAULT_SEED = 1
