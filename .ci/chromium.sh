# Source me: makes sure Debian's Chromium is there for the report's browser test,
# installing it when missing.
if ! command -v chromium > /dev/null 2>&1; then
    echo "== installing Chromium (Debian package chromium)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq chromium > /dev/null
fi
echo "== $(chromium --version 2>/dev/null | head -n 1)"
