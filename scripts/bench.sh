#!/usr/bin/env bash
# Benchmarks that print their figures, each against a baseline measured in the
# same run. Installs wrk and nginx where missing, builds in release mode, then
# runs `chuangxian bench all`: every workload (see `chuangxian bench --help`),
# one table of ours, the baseline, the ratio, the goal and whether it is met,
# written to docs/performance.md with the machine's facts.
set -euo pipefail
cd "$(dirname "$0")/.."
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v curl >/dev/null || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "${need[@]}"
fi
export PATH="$PATH:/usr/sbin"
# The study benchmark also runs on the PostgreSQL server the tests use.
export CX_TEST_POSTGRES="${CX_TEST_POSTGRES:-postgres://postgres:postgres@127.0.0.1:5432/postgres}"
cargo build --release --features bench
# Every workload in turn, one table of them all, written to docs/performance.md.
RUST_LOG=warn,sqlx=error ./target/release/chuangxian bench all
