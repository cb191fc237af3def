#!/usr/bin/env bash
# Runs every test of chuangxian on a Debian machine, installing first what the tests
# need and the machine lacks: Chromium and its driver (browser tests), PostgreSQL
# (the storage suite runs on it as well as on SQLite), a CJK font (screenshots),
# poppler-utils (printed PDFs read back and rendered).
# Nothing is skipped: a missing browser or database fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

need=()
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
command -v pg_ctlcluster >/dev/null || need+=(postgresql)
command -v pg_dump >/dev/null || need+=(postgresql-client)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
dpkg -s fonts-wqy-zenhei >/dev/null 2>&1 || dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-wqy-zenhei)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "${need[@]}"
fi

# PostgreSQL: start every cluster that is down, then make sure the tests can log in.
export CX_TEST_POSTGRES="${CX_TEST_POSTGRES:-postgres://postgres:postgres@127.0.0.1:5432/postgres}"
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  for version in $(ls /etc/postgresql); do
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  done
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
if ! psql "$CX_TEST_POSTGRES" -qtAc 'SELECT 1' >/dev/null 2>&1; then
  # A fresh install asks for a password on TCP: give postgres the one the URL has.
  as_root su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'postgres'\""
fi
psql "$CX_TEST_POSTGRES" -qtAc 'SELECT 1' >/dev/null

# Every suite's result, then one closing line with the totals.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
# With the benchmarks' feature, so that `chuangxian gen` is tested too.
cargo test --workspace --features chuangxian/bench 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
passed=$(grep -oE '[0-9]+ passed' "$log" | awk '{s += $1} END {print s + 0}')
failed=$(grep -oE '[0-9]+ failed' "$log" | awk '{s += $1} END {print s + 0}')
echo
echo "$passed passed, $failed failed"
if [ "$passed" -eq 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
exit "$status"
