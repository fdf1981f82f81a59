#!/usr/bin/env bash
# Run a command with an Elasticsearch node: the one in ELASTICSEARCH_URL if given,
# otherwise a test node started here and stopped afterwards, also when the command fails.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ -z "${ELASTICSEARCH_URL:-}" ]; then
  trap '"$here/elasticsearch.sh" stop' EXIT
  ELASTICSEARCH_URL="$("$here/elasticsearch.sh" start)"
  export ELASTICSEARCH_URL
fi
"$@"
