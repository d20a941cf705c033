#!/usr/bin/env bash
# Builds the Keeper image localhost/keeper:dev with no registry and no network during the image build:
#   1. a Debian 12 base made with `debootstrap --variant=minbase bookworm` (plus procps and
#      netcat-openbsd), cached as a tarball under $KEEPER_BASE_CACHE (default /var/tmp/keeper-base),
#      imported as localhost/keeper-base:bookworm;
#   2. `dotnet publish src/Keeper -c Release -r linux-x64` (NativeAOT: one native `keeper`, no .NET runtime
#      in the image) on the host, in a scratch copy of the sources (so a concurrent `dotnet build` of the
#      work tree is not disturbed); NativeAOT links with the host's C toolchain (clang, else gcc);
#   3. buildah with the runc runtime and --network none builds deploy/container/Containerfile, which
#      only COPYs the publish output and deploy/bin and runs useradd/ln.
# Needs root (debootstrap, and rootful podman/buildah). Installs debootstrap buildah podman runc, and gcc
# when there is neither clang nor gcc, with apt-get when they are missing. Prints the image size at the end.
#
# Environment: IMAGE (default localhost/keeper:dev), BASE_IMAGE (default localhost/keeper-base:bookworm;
# set it to use another Debian 12 base and skip debootstrap), KEEPER_BASE_CACHE, DEBIAN_MIRROR (default:
# the first bookworm mirror in this host's apt sources).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
IMAGE=${IMAGE:-localhost/keeper:dev}
DEFAULT_BASE=localhost/keeper-base:bookworm
BASE_IMAGE=${BASE_IMAGE:-$DEFAULT_BASE}
CACHE=${KEEPER_BASE_CACHE:-/var/tmp/keeper-base}
# libssl3: .NET's SslStream loads OpenSSL at run time (TLS on the client port); minbase does not have it.
INCLUDE=procps,netcat-openbsd,libssl3
# The cached tarball's name changes with what goes into it, so a change here rebuilds it.
BASE_TAR="$CACHE/bookworm-minbase-$(printf '%s' "$INCLUDE" | md5sum | cut -c1-8).tar"

say() { printf 'build-local: %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run as root (debootstrap and rootful buildah/podman need it)"
for shim in start-zookeeper zookeeper-ready zkCli.sh zkServer.sh; do
  [ -f "$repo/deploy/bin/$shim" ] || die "deploy/bin/$shim is missing: the image ships the tutorial's scripts from deploy/bin"
done

missing=()
command -v buildah > /dev/null || missing+=(buildah)
command -v podman > /dev/null || missing+=(podman)
command -v runc > /dev/null || missing+=(runc)
if [ "$BASE_IMAGE" = "$DEFAULT_BASE" ] && ! command -v debootstrap > /dev/null; then missing+=(debootstrap); fi
# NativeAOT's linker driver (it tries clang, then gcc) and objcopy (binutils, a gcc dependency) to strip
# symbols. zlib is not needed: the AOT runtime pack brings its own libz.a.
if ! command -v clang > /dev/null && ! command -v gcc > /dev/null; then missing+=(gcc); fi
command -v objcopy > /dev/null || missing+=(binutils)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" > /dev/null
fi
command -v dotnet > /dev/null || die "the .NET 10 SDK (dotnet) is needed on the host to publish keeper"

debian_mirror() {
  if [ -n "${DEBIAN_MIRROR:-}" ]; then echo "$DEBIAN_MIRROR"; return; fi
  local m
  # deb822 sources (Debian 12's default), then the one-line format.
  m=$(awk '/^URIs:/ { uri = $2 } /^Suites:/ && / bookworm( |$)/ && uri != "" { print uri; exit }' \
        /etc/apt/sources.list.d/*.sources 2> /dev/null || true)
  [ -n "$m" ] || m=$(awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }' \
        /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2> /dev/null || true)
  [ -n "$m" ] || die "no Debian bookworm mirror in this host's apt sources: set DEBIAN_MIRROR"
  echo "$m"
}

# 1. The base image.
if [ "$BASE_IMAGE" = "$DEFAULT_BASE" ]; then
  if [ ! -s "$BASE_TAR" ]; then
    mkdir -p "$CACHE"
    rootfs=$(mktemp -d "$CACHE/rootfs.XXXXXX")
    mirror=$(debian_mirror)
    say "debootstrap --variant=minbase --include=$INCLUDE bookworm from $mirror (cached as $BASE_TAR)"
    if ! debootstrap --variant=minbase --include="$INCLUDE" bookworm "$rootfs" "$mirror" > "$CACHE/debootstrap.log" 2>&1; then
      tail -20 "$CACHE/debootstrap.log" >&2
      rm -rf "$rootfs"
      die "debootstrap failed (log: $CACHE/debootstrap.log)"
    fi
    # Leave out what only apt needs at run time, and what a container supplies itself.
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*.log \
           "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/* "$rootfs"/dev/*
    : > "$rootfs/etc/hostname"
    tar --numeric-owner -C "$rootfs" -cf "$BASE_TAR.tmp" .
    mv "$BASE_TAR.tmp" "$BASE_TAR"
    rm -rf "$rootfs"
    podman rmi -f "$DEFAULT_BASE" > /dev/null 2>&1 || true
  fi
  if ! podman image exists "$DEFAULT_BASE"; then
    say "importing $BASE_TAR as $DEFAULT_BASE"
    podman import --quiet --change 'CMD ["/bin/sh"]' "$BASE_TAR" "$DEFAULT_BASE" > /dev/null
  fi
else
  podman image exists "$BASE_IMAGE" || die "base image $BASE_IMAGE is not present locally (no registry is used)"
fi

# 2. Publish keeper (NativeAOT linux-x64) in a scratch copy of the sources.
work=$(mktemp -d /var/tmp/keeper-image.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src" "$work/context/bin" "$work/context/keeper"
tar -C "$repo" --exclude='bin' --exclude='obj' -cf - src Directory.Build.props $(cd "$repo" && ls -d global.json NuGet.Config nuget.config 2> /dev/null) \
  | tar -C "$work/src" -xf -
say "dotnet publish src/Keeper -c Release -r linux-x64 (NativeAOT)"
# Warnings are errors (Directory.Build.props), so a trim/AOT warning fails here.
if ! dotnet publish "$work/src/src/Keeper/Keeper.csproj" -c Release -r linux-x64 -p:PublishAot=true \
      -o "$work/publish" --nologo -v quiet > "$work/publish.log" 2>&1; then
  tail -30 "$work/publish.log" >&2
  die "dotnet publish failed"
fi
# The image needs only the executable: keeper.dbg (native symbols) and the pdbs are for a debugger, and
# NativeAOT stack traces name methods without them.
[ -x "$work/publish/keeper" ] || die "dotnet publish made no native keeper (is PublishAot on?)"
cp "$work/publish/keeper" "$work/context/keeper/"
cp "$repo"/deploy/bin/* "$work/context/bin/"

# 3. The image: runc, no network, nothing pulled.
say "building $IMAGE from $BASE_IMAGE"
previous=$(podman image inspect --format '{{.Id}}' "$IMAGE" 2> /dev/null || true)
buildah bud --quiet --runtime runc --isolation oci --network none --pull=never --layers=false \
  --build-arg "BASE_IMAGE=$BASE_IMAGE" -f "$repo/deploy/container/Containerfile" -t "$IMAGE" "$work/context" > /dev/null

now=$(podman image inspect --format '{{.Id}}' "$IMAGE")
# The image the tag named before is left untagged: remove it (by ID) unless a container still uses it.
if [ -n "$previous" ] && [ "$previous" != "$now" ]; then podman rmi "$previous" > /dev/null 2>&1 || true; fi
size=$(podman image inspect --format '{{.Size}}' "$IMAGE")
say "built $IMAGE: $((size / 1024 / 1024)) MiB"
podman images --format '{{.Repository}}:{{.Tag}} {{.ID}} {{.Size}}' "$IMAGE"
