# Sourced by the namespace benchmarks: checks for root, installs the benchmark peers
# (scripts/setup --bench), builds vswitch in release and sets $vswitch to the binary;
# release_ucheck builds ucheck in release too and sets $bin to the release binaries' directory.
[ "$(id -u)" -eq 0 ] || { echo "run as root" >&2; exit 1; }
scripts/setup --bench >/dev/null
command -v swift >/dev/null || export PATH="/opt/swift/usr/bin:$PATH"
swift build -c release --product vswitch 2>&1 | tail -1
vswitch="$(swift build -c release --show-bin-path)/vswitch"
release_ucheck() {
  swift build -c release --product ucheck 2>&1 | tail -1
  bin="$(swift build -c release --show-bin-path)"
}
