"""The economic model: declared variables, cited parameters and the quarterly update.

Pure numbers: no game rules, no I/O beyond reading the package's own data files.
"""

from wargame.model.economy import advance_quarter, derive, initial_values
from wargame.model.params import PARAMETERS, Parameter, params
from wargame.model.variables import VARIABLES, Variable, variable

__all__ = [
    "PARAMETERS", "Parameter", "VARIABLES", "Variable", "advance_quarter", "derive",
    "initial_values", "params", "variable",
]
