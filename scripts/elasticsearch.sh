#!/usr/bin/env bash
# The Elasticsearch node for tests: Maven Central's integ-test-zip, single node, loopback only.
#
#   scripts/elasticsearch.sh start   -> prints the node's URL on stdout once the cluster is green
#   scripts/elasticsearch.sh stop    -> stops the node and removes its data
#   scripts/elasticsearch.sh revive  -> starts the node again on the data it has (after a crash)
#
# The zip is resolved with Maven (cached in Maven's local repository and
# unpacked once into a cache folder outside the work tree). Data, logs and
# configuration live in a fresh temporary folder for each start.
set -euo pipefail

ES_VERSION="${ES_VERSION:-8.19.21}"
ES_PORT="${ES_TEST_PORT:-9250}"
ES_HEAP="${ES_TEST_HEAP:-512m}"
ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:${ES_VERSION}:zip"
RUN_USER="portal-es"   # Elasticsearch refuses to run as root: when we are root it runs as this user.

if [ "$(id -u)" = "0" ]; then CACHE_ROOT="/var/cache/pension-portal"; else CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/pension-portal"; fi
HOME_DIR="$CACHE_ROOT/elasticsearch-$ES_VERSION"
STATE_FILE="${ES_STATE_FILE:-${TMPDIR:-/tmp}/pension-portal-es-$ES_PORT.state}"

say() { echo "elasticsearch: $*" >&2; }
die() { say "$*"; exit 1; }

as_runner() {
  if [ "$(id -u)" = "0" ]; then runuser -u "$RUN_USER" -- "$@"; else "$@"; fi
}

install_distribution() {
  [ -x "$HOME_DIR/bin/elasticsearch" ] && return 0
  command -v mvn >/dev/null || die "Maven (mvn) is missing: install it (Debian package 'maven') to fetch the test node."
  command -v unzip >/dev/null || die "unzip is missing: install it (Debian package 'unzip')."
  mkdir -p "$CACHE_ROOT"
  local download; download="$(mktemp -d)"
  say "resolving $ARTIFACT with Maven"
  mvn -q -B dependency:copy -Dartifact="$ARTIFACT" -DoutputDirectory="$download" -Dmdep.useBaseVersion=true >&2 \
    || die "Maven could not resolve $ARTIFACT"
  unzip -q "$download/elasticsearch-$ES_VERSION.zip" -d "$download/unpacked"
  rm -rf "$HOME_DIR"
  mv "$download/unpacked/elasticsearch-$ES_VERSION" "$HOME_DIR"
  chmod -R a+rX "$HOME_DIR"
  rm -rf "$download"
}

start() {
  command -v java >/dev/null || die "Java is missing: install a JDK 17 or newer (Debian package 'openjdk-17-jdk-headless')."
  if [ -f "$STATE_FILE" ]; then stop; fi
  install_distribution
  if [ "$(id -u)" = "0" ] && ! id "$RUN_USER" >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin "$RUN_USER"
  fi
  local work; work="$(mktemp -d "${TMPDIR:-/tmp}/pension-portal-es.XXXXXX")"
  mkdir -p "$work/config" "$work/data" "$work/logs" "$work/tmp"
  cp -r "$HOME_DIR/config/." "$work/config/"
  cat > "$work/config/elasticsearch.yml" <<YAML
cluster.name: pension-portal-test
node.name: test-node
discovery.type: single-node
network.host: 127.0.0.1
http.port: $ES_PORT
transport.port: $((ES_PORT + 100))
path.data: $work/data
path.logs: $work/logs
# This node only ever listens on loopback for the test suite.
xpack.security.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
YAML
  [ "$(id -u)" = "0" ] && chown -R "$RUN_USER" "$work"
  echo "$work" > "$STATE_FILE"
  launch "$work"
}

revive() {
  [ -f "$STATE_FILE" ] || die "no node was started on port $ES_PORT"
  launch "$(cat "$STATE_FILE")"
}

launch() {
  local work="$1"
  local java_home; java_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  say "starting $ES_VERSION on 127.0.0.1:$ES_PORT (data in $work)"
  as_runner env ES_PATH_CONF="$work/config" ES_JAVA_HOME="$java_home" ES_TMPDIR="$work/tmp" \
    ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP" \
    "$HOME_DIR/bin/elasticsearch" -d -p "$work/es.pid" >"$work/logs/stdout.log" 2>&1 \
    || { tail -n 20 "$work"/logs/*.log >&2; stop; die "the node did not start"; }
  local url="http://127.0.0.1:$ES_PORT"
  for _ in $(seq 1 120); do
    if curl -fsS "$url/_cluster/health?wait_for_status=green&timeout=1s" >/dev/null 2>&1; then
      say "green at $url"
      echo "$url"
      return 0
    fi
    sleep 1
  done
  tail -n 20 "$work"/logs/*.log >&2
  stop
  die "the node did not become green within 120 s"
}

stop() {
  [ -f "$STATE_FILE" ] || return 0
  local work; work="$(cat "$STATE_FILE")"
  if [ -f "$work/es.pid" ]; then
    local pid; pid="$(cat "$work/es.pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$work" "$STATE_FILE"
  say "stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  revive) revive ;;
  *) echo "usage: $0 start|stop|revive" >&2; exit 2 ;;
esac
