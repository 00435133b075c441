#!/usr/bin/env bash
# Prepares this machine to build and run the example services' Dockerfiles offline
# (no Docker engine, no registry, no PyPI): buildah/podman from Debian, a debootstrap
# stand-in for python:3.11-slim, and a private containers storage.
# Recipe and measurements: ../shared/notes/container-builds.md.
#
# Idempotent: every step checks its own result first, so a second run takes seconds.
# Exports nothing: __tests__/helpers/containers.ts sets CONTAINERS_STORAGE_CONF to the same
# path itself. Keep GUARDFIX_STANDIN_DIR (default below) in sync with that helper.
set -euo pipefail
# step() runs each step in $(...); without this, a failing command there would not stop the step.
shopt -s inherit_errexit

STANDIN_DIR="${GUARDFIX_STANDIN_DIR:-/var/cache/guardfix-standin}"
# The graph (image layers) lives with the cache so it survives reboots; the run root holds
# mount counts and locks, which must not survive one, so it goes to tmpfs like podman's default.
RUN_ROOT="/run/guardfix-standin"
STORAGE_CONF="$STANDIN_DIR/storage.conf"
TARBALL="$STANDIN_DIR/rootfs.tar"
STAMP_FILE="$STANDIN_DIR/rootfs.stamp"
SUITE=bookworm
IMAGES=(docker.io/library/python:3.11-slim docker.io/library/python:3.9-slim)

HOST_PACKAGES=(buildah podman runc fuse-overlayfs slirp4netns uidmap debootstrap)
# What the example services import, taken from Debian because PyPI is unreachable.
# `uvicorn` brings /usr/bin/uvicorn (the services' CMD); python3-uvicorn only the module.
ROOTFS_PACKAGES=(python3 python3-pip python3-venv python3-fastapi uvicorn python3-uvicorn
  python3-httpx python3-requests python3-pydantic python3-starlette)

# Bump when the stand-in recipe changes, so cached rootfs tarballs and images are rebuilt.
RECIPE_VERSION=2
STAMP="v$RECIPE_VERSION $SUITE ${ROOTFS_PACKAGES[*]}"

T0=$(date +%s)

step() { # step NAME: one line per step, with its duration
  local name=$1 start=$SECONDS
  shift
  local outcome
  outcome=$("$@") || {
    printf 'container-setup: %-34s FAILED after %ss\n' "$name" "$((SECONDS - start))" >&2
    exit 1
  }
  printf 'container-setup: %-34s %-40s %3ss\n' "$name" "$outcome" "$((SECONDS - start))"
}

missing_host_packages() {
  local p
  for p in "${HOST_PACKAGES[@]}"; do
    dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed || echo "$p"
  done
}

install_host_packages() {
  local missing
  missing=$(missing_host_packages)
  if [ -z "$missing" ]; then echo "already installed"; return; fi
  local log="$STANDIN_DIR/apt.log"
  # shellcheck disable=SC2086  # word splitting wanted: one package per word
  { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing; } >"$log" 2>&1 ||
    { tail -n 30 "$log" >&2; return 1; }
  echo "installed: $(echo $missing)"
}

# The Debian mirror apt is configured with (deb822 .sources first, then sources.list);
# the security archive is skipped because debootstrap needs the main suite.
debian_mirror() {
  if [ -n "${GUARDFIX_DEBIAN_MIRROR:-}" ]; then echo "$GUARDFIX_DEBIAN_MIRROR"; return; fi
  local uri
  uri=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
    awk '/^URIs:/ { for (i = 2; i <= NF; i++) print $i }' | grep -v -- '-security' | head -n1 || true)
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' \
      /etc/apt/sources.list || true)
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}

# Make Debian's python behave like the official python:3.11-slim image where the Dockerfiles
# depend on it (notes: "Stand-in base rootfs" and "Verified end to end").
patch_rootfs() {
  local root=$1 py=python3.11
  # `python`/`pip` are on PATH in the official image; Debian only has python3/pip3.
  ln -sf /usr/bin/python3 "$root/usr/local/bin/python"
  ln -sf /usr/bin/pip3 "$root/usr/local/bin/pip"
  # PEP 668 marker: Debian refuses `pip install` into the system, the official image does not.
  rm -f "$root/usr/lib/$py/EXTERNALLY-MANAGED"
  # Where pip installs must match the official image, whose Python lives in /usr/local:
  #   plain `pip install`         -> /usr/local/lib/python3.11/site-packages (+ scripts in /usr/local/bin)
  #   `pip install --prefix=/x`   -> /x/lib/python3.11/site-packages
  # Debian's default scheme (posix_local) gives /usr/local/lib/python3.11/dist-packages and
  # /x/local/lib/python3.11/dist-packages. posix_prefix fixes the second; with only that, the first
  # would become /usr/lib/python3.11/site-packages (not even on sys.path), so the default base for
  # the system interpreter becomes /usr/local too. Virtual environments are left alone.
  local sysconfig="$root/usr/lib/$py/sysconfig.py"
  sed -i -e "s/prefix_scheme = 'posix_local'/prefix_scheme = 'posix_prefix'/" \
    -e "s|^\( *\)_CONFIG_VARS\['base'\] = _PREFIX\$|\1_CONFIG_VARS['base'] = '/usr/local' if _PREFIX == '/usr' else _PREFIX  # guardfix stand-in|" \
    -e "s|^\( *\)_CONFIG_VARS\['platbase'\] = _EXEC_PREFIX\$|\1_CONFIG_VARS['platbase'] = '/usr/local' if _EXEC_PREFIX == '/usr' else _EXEC_PREFIX  # guardfix stand-in|" \
    "$sysconfig"
  if grep -q "prefix_scheme = 'posix_local'" "$sysconfig" || [ "$(grep -c '# guardfix stand-in' "$sysconfig")" != 2 ]; then
    echo "patch_rootfs: $sysconfig has changed shape, the sed patterns no longer apply" >&2; return 1
  fi
  mkdir -p "$root/usr/local/lib/$py/site-packages"
  echo "/usr/local/lib/$py/site-packages" >"$root/usr/lib/python3/dist-packages/guardfix-site-packages.pth"
  # Debian's fastapi 0.92 asks starlette<0.26 but Debian ships 0.26.1 (works fine): without this,
  # `pip install fastapi` sees a conflict and tries to download starlette, which fails offline.
  local meta
  for meta in "$root"/usr/lib/python3/dist-packages/fastapi-*.dist-info/METADATA; do
    sed -i 's/^Requires-Dist: starlette\b.*/Requires-Dist: starlette>=0.25.0/' "$meta"
  done
  # Like the slim image: no apt lists or package cache baked in.
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb
}

# Fail here, not in a test an hour later, if the stand-in is not what the Dockerfiles need.
verify_rootfs() {
  local root=$1
  chroot "$root" /usr/local/bin/python -c 'import fastapi, uvicorn, httpx, requests, pydantic, starlette' >&2
  chroot "$root" /usr/local/bin/python -m pip check >/dev/null || { chroot "$root" /usr/local/bin/python -m pip check >&2; return 1; }
  # pip's own view of where `pip install` and `pip install --prefix=/install` put packages.
  chroot "$root" /usr/local/bin/python - >&2 <<'PY'
from pip._internal.locations import get_scheme
for prefix, base in ((None, "/usr/local"), ("/install", "/install")):
    s, lib = get_scheme("x", prefix=prefix), f"{base}/lib/python3.11/site-packages"
    assert (s.purelib, s.platlib, s.scripts) == (lib, lib, f"{base}/bin"), f"pip install --prefix={prefix}: {vars(s)}"
PY
  chroot "$root" sh -c 'command -v uvicorn groupadd useradd' >/dev/null
}

build_rootfs() {
  if [ -f "$TARBALL" ] && [ "$(cat "$STAMP_FILE" 2>/dev/null)" = "$STAMP" ]; then
    echo "cached $(du -h "$TARBALL" | cut -f1)"; return
  fi
  local mirror root="$STANDIN_DIR/rootfs.tmp"
  mirror=$(debian_mirror)
  rm -rf "$root" "$TARBALL" "$STAMP_FILE"
  mkdir -p "$root"
  local includes
  includes=$(IFS=,; echo "${ROOTFS_PACKAGES[*]}")
  debootstrap --variant=minbase --include="$includes" "$SUITE" "$root" "$mirror" >"$STANDIN_DIR/debootstrap.log" 2>&1 ||
    { tail -n 30 "$STANDIN_DIR/debootstrap.log" >&2; return 1; }
  patch_rootfs "$root"
  verify_rootfs "$root"
  # Keep only the tarball: it is what podman imports.
  tar -C "$root" --numeric-owner -cf "$TARBALL.tmp" .
  mv "$TARBALL.tmp" "$TARBALL"
  rm -rf "$root"
  echo "$STAMP" >"$STAMP_FILE"
  echo "built from $mirror, $(du -h "$TARBALL" | cut -f1)"
}

write_storage_conf() {
  mkdir -p "$STANDIN_DIR/storage" "$RUN_ROOT"
  local conf
  conf=$(printf '[storage]\ndriver = "overlay"\nrunroot = "%s"\ngraphroot = "%s"\n' "$RUN_ROOT" "$STANDIN_DIR/storage")
  if [ "$(cat "$STORAGE_CONF" 2>/dev/null)" = "$conf" ]; then echo "unchanged $STORAGE_CONF"; return; fi
  echo "$conf" >"$STORAGE_CONF"
  echo "wrote $STORAGE_CONF"
}

# The image carries the stamp as a label, so a rebuilt rootfs is re-imported and an
# unchanged one is not. Both tags point at one image: python:3.9-slim only has to exist so
# that the fleet's original (unfixed) Dockerfiles build too.
import_images() {
  export CONTAINERS_STORAGE_CONF="$STORAGE_CONF" # step() runs this in a subshell
  # The tarball's mtime too: a rootfs rebuilt by hand (rm the tarball) must be re-imported.
  local label
  label="$STAMP @$(stat -c %Y "$TARBALL")"
  local label_of_each="" img
  for img in "${IMAGES[@]}"; do
    label_of_each+="$(podman image inspect --format '{{index .Labels "guardfix.standin"}}' "$img" 2>/dev/null || true)|"
  done
  local want=""
  for img in "${IMAGES[@]}"; do want+="$label|"; done
  if [ "$label_of_each" = "$want" ]; then echo "present: ${#IMAGES[@]} tags"; return; fi
  local id
  id=$(podman import --quiet \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["python3"]' \
    --change "LABEL guardfix.standin=\"$label\"" \
    "$TARBALL" "${IMAGES[0]}")
  for img in "${IMAGES[@]:1}"; do podman tag "$id" "$img"; done
  podman image prune -f >/dev/null # the image previously behind those tags, if any
  id=${id#sha256:}
  echo "imported ${id:0:12} as ${#IMAGES[@]} tags"
}

if [ "$(id -u)" != 0 ]; then echo "container-setup: must run as root (debootstrap, chroot builds)" >&2; exit 1; fi
mkdir -p "$STANDIN_DIR"
# Each step runs in a $(...) subshell (see step), so nothing it exports leaks out.
step "1/4 host packages" install_host_packages
step "2/4 stand-in rootfs (debootstrap)" build_rootfs
step "3/4 private containers storage" write_storage_conf
step "4/4 base images" import_images
echo "container-setup: done in $(($(date +%s) - T0))s (CONTAINERS_STORAGE_CONF=$STORAGE_CONF)"
