#!/usr/bin/env bash
# Fuzzes the JSON API with schemathesis (from PyPI, in a virtual environment made
# here) against a running demo server and a personal access token, bounded to a
# few minutes: it fails on any 5xx, on any status the OpenAPI document does not
# list for the operation, and on any answer that breaks its response schema.
set -euo pipefail
cd "$(dirname "$0")/.."

# CPython 3.11.7's parser miscounts its recursion depth (gh-106905) and crashes
# Hypothesis as it describes a strategy: a newer Python from pyenv where there is one.
python=python3
if command -v pyenv >/dev/null; then
  newest=$(pyenv versions --bare | grep -E '^3\.1[2-9]\.[0-9]+$' | sort -V | tail -n 1 || true)
  if [ -n "$newest" ]; then python="$(pyenv prefix "$newest")/bin/python3"; fi
fi
venv=target/schemathesis-venv-$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
if [ ! -x "$venv/bin/schemathesis" ]; then
  "$python" -m venv "$venv"
  "$venv/bin/pip" install -q "schemathesis>=4,<5"
fi
cargo build -q -p chuangxian

dir=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
target/debug/chuangxian demo --file "$dir/demo.sqlite" --addr "127.0.0.1:$port" >"$dir/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.2; done

# A token of the demo's secretary, made the way a person makes one.
form_token() { grep -o 'name="_csrf" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//'; }
jar="$dir/cookies"
csrf=$(curl -sf -c "$jar" "$base/login" | form_token)
curl -sf -b "$jar" -c "$jar" -o /dev/null --data-urlencode "_csrf=$csrf" \
  --data-urlencode username=secretary --data-urlencode password=demo2026 "$base/login"
csrf=$(curl -sf -b "$jar" "$base/account" | form_token)
token=$(curl -sf -b "$jar" --data-urlencode "_csrf=$csrf" --data-urlencode name=schemathesis \
  "$base/account/tokens" | grep -o 'id="new-token">cx_[0-9a-f]*' | sed 's/.*>//')
[ -n "$token" ] || { echo "no access token" >&2; exit 1; }

timeout 300 "$venv/bin/schemathesis" run "$base/api/v1/openapi.json" \
  -H "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,response_schema_conformance \
  --phases coverage,fuzzing --max-examples 10 --workers 2 --seed 1 --no-color
