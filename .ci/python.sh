# Source me: sk_python X.Y prints the path of a CPython X.Y interpreter, or fails saying
# which one is missing. The machine's image carries python3.10 and python3.13 beside its
# default Python (on PATH, or under pyenv when pyenv has not made them global).
sk_python() {
    local want=$1 found=""
    if "python$want" -c 'import sys' > /dev/null 2>&1; then
        found=$(command -v "python$want")
    else
        local root
        root=$( (pyenv root 2> /dev/null) || echo "$HOME/.pyenv")
        for candidate in "$root"/versions/"$want".*/bin/"python$want"; do
            [ -x "$candidate" ] && found=$candidate
        done
    fi
    if [ -z "$found" ]; then
        echo "== Python $want is missing: CI tests the lowest and highest supported Pythons" >&2
        return 1
    fi
    echo "$found"
}

# sk_suite NAME PYTHON [PIP ARGS...]: a fresh venv .venv-NAME with the test extra (and any
# extra pins), then the test suite, quietly.
sk_suite() {
    local name=$1 python=$2
    shift 2
    echo "== tests on $name ($("$python" --version)) $*"
    rm -rf ".venv-$name"
    "$python" -m venv ".venv-$name"
    ".venv-$name/bin/pip" install -q -e '.[test]' "$@"
    ".venv-$name/bin/python" -m pytest -q -p no:cacheprovider
}
