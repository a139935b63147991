"""The ``servicekit`` command: a report from a help desk's export, sample data, schemas.

``servicekit report`` reads one or more export files (Zendesk, Freshdesk,
Zammad, Jira Service Management, or servicekit's own ticket CSV) and writes
one offline HTML report; ``servicekit sample`` writes the bundled sample
help desk as CSV, ``servicekit schema`` the models' JSON Schemas, and
``servicekit --version`` the version. :func:`main` is the click group behind
the console script. Needs the ``cli`` extra.

Examples
--------
>>> from click.testing import CliRunner
>>> result = CliRunner().invoke(main, ["--version"])
>>> result.output.startswith("servicekit, version ")
True
"""

from __future__ import annotations

from servicekit._cli import main

__all__ = ["main"]
