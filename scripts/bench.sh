#!/usr/bin/env bash
# Benchmarks that print their figures, each against a baseline measured in the
# same run. Installs wrk and nginx where missing, builds in release mode, then
# measures the public board, and a portal and its news list with 1,000 pieces,
# against nginx serving the same bytes, a province-wide SMS reminder drained
# through a loopback gateway with a kill -9 half-way, the server's memory idle
# and under load, casting ballots
# over HTTP against a plain insert loop, and a province round's tally against a
# plain GROUP BY, and a city's study compliance against one plain query over a
# year of reading on SQLite and PostgreSQL, and a province's assessment against one
# plain SQL aggregate on PostgreSQL, and the supervision dashboard of a city and a
# province against one plain SQL aggregate (see `chuangxian bench <name> --help` for the loads).
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
RUST_LOG=warn ./target/release/chuangxian bench board
RUST_LOG=warn,sqlx=error ./target/release/chuangxian bench portal
RUST_LOG=warn,sqlx=error ./target/release/chuangxian bench sms
RUST_LOG=warn,sqlx=error ./target/release/chuangxian bench memory
RUST_LOG=warn,sqlx=error ./target/release/chuangxian bench cast
RUST_LOG=warn,sqlx=error ./target/release/chuangxian bench tally
RUST_LOG=warn,sqlx=error ./target/release/chuangxian bench study --on sqlite
RUST_LOG=warn,sqlx=error ./target/release/chuangxian bench study --on postgres
RUST_LOG=warn,sqlx=error ./target/release/chuangxian bench assessment
RUST_LOG=warn,sqlx=error ./target/release/chuangxian bench dashboard --on sqlite --scale city
RUST_LOG=warn,sqlx=error ./target/release/chuangxian bench dashboard --on postgres --scale city
RUST_LOG=warn,sqlx=error ./target/release/chuangxian bench dashboard --on postgres --scale province
