# Source me: starts a throwaway PostgreSQL server on 127.0.0.1 for the tests, and exports
# SERVICEKIT_TEST_POSTGRES_URL. Installs Debian's postgresql package when it is missing.
# The server and its data directory are removed when the sourcing shell exits.
pg_bin() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true
}
if [ -z "$(pg_bin)" ]; then
    echo "== installing PostgreSQL (Debian package)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq postgresql > /dev/null
fi
SK_PG_BIN=$(pg_bin)
SK_PG_DIR=$(mktemp -d)
chown postgres "$SK_PG_DIR"
SK_PG_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
su postgres -s /bin/sh -c "$SK_PG_BIN/initdb -A trust -U postgres -D $SK_PG_DIR/data" > /dev/null
su postgres -s /bin/sh -c "$SK_PG_BIN/pg_ctl -D $SK_PG_DIR/data -o '-h 127.0.0.1 -p $SK_PG_PORT -k $SK_PG_DIR' -l $SK_PG_DIR/log -w start" > /dev/null
export SERVICEKIT_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$SK_PG_PORT/postgres"
sk_stop_postgres() {
    su postgres -s /bin/sh -c "$SK_PG_BIN/pg_ctl -D $SK_PG_DIR/data -m fast stop" > /dev/null 2>&1
    rm -rf "$SK_PG_DIR"
}
trap sk_stop_postgres EXIT
echo "== PostgreSQL $($SK_PG_BIN/postgres --version | awk '{print $3}') on 127.0.0.1:$SK_PG_PORT"
