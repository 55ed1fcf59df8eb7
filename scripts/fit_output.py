"""Where a fitting script may write its model: never over one of its
inputs (the rows it read, the base model it copies) and never over
something that is not a regular file. Shared by fit_seams.py,
fit_split_words.py, fit_across.py and fit-calibration.sh."""

import os
import sys


def refuse_input_as_output(tool, out, inputs):
    """Exits naming `out` when it is one of `inputs` (paths, compared as
    resolved) or exists and is not a regular file."""
    resolved = os.path.realpath(out)
    if resolved in {os.path.realpath(path) for path in inputs}:
        sys.exit(f"{tool}: {out} is an input; the model would replace it")
    if os.path.exists(resolved) and not os.path.isfile(resolved):
        sys.exit(f"{tool}: {out} is not a regular file")
