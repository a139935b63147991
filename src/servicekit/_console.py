"""The ``servicekit`` console script (private).

It is installed with the package, extras or not, so it runs the command of
:mod:`servicekit.cli` when the ``cli`` extra is there and otherwise says, in
one line on stderr, which extra to install (exit status 1) instead of a
traceback.
"""

from __future__ import annotations

import sys

__all__ = ["run"]


def run() -> None:
    """Run the ``servicekit`` command, or name the extra it is missing.

    Examples
    --------
    >>> import subprocess, sys
    >>> done = subprocess.run(
    ...     [sys.executable, "-c", "from servicekit._console import run; run()", "--version"],
    ...     capture_output=True, text=True)
    >>> done.returncode, done.stdout.startswith("servicekit, version ")
    (0, True)
    """
    try:
        from servicekit._cli import main

        main()
    except ImportError as err:  # an optional dependency is missing: say which extra
        sys.stderr.write(f"servicekit: error: {err}\n")
        raise SystemExit(1) from None
