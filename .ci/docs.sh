#!/usr/bin/env bash
# Build the documentation site with `mkdocs build --strict` into a temporary directory, offline.
# Usage: .ci/docs.sh VENV   (a virtualenv that already has the `docs` extra, e.g. `.ci/docs.sh .venv`)
# Any warning (a griffe docstring warning, a broken link, a page missing from the nav) fails it.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -ne 1 || ! -x "$1/bin/mkdocs" ]]; then
    echo "usage: $0 VENV (a virtualenv with the docs extra: pip install -e '.[docs]')" >&2
    exit 2
fi
venv="$1"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# Material prints a banner about MkDocs 2 on every build; it is not a warning about this site.
export NO_MKDOCS_2_WARNING=1
"$venv/bin/mkdocs" build --strict --clean --site-dir "$out"
# The site must work offline: no page may load a script, a style sheet or a font from elsewhere.
if grep -rEl '<(script|link)[^>]+(src|href)="(https?:)?//' "$out" --include='*.html'; then
    echo "docs: the pages above load something from the network" >&2
    exit 1
fi
echo "docs: built $(find "$out" -name index.html | wc -l) pages offline, no warnings"
