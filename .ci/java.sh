# Source me: makes sure Java is there for PySpark's tests (local mode), installing
# Debian's openjdk-17-jre-headless when `java` is missing.
if ! command -v java > /dev/null 2>&1; then
    echo "== installing Java (Debian package openjdk-17-jre-headless)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless > /dev/null
fi
echo "== $(java -version 2>&1 | head -n 1)"
