# Valid Python that peel rejects: a relative import (a peel program is one file).
from . import helpers
