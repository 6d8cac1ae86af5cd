# Sourced by deploy/run and deploy/test: installs the Debian packages the build needs, only
# those that are missing, quietly. Safe to run again.

claimgate_packages=(
  g++ cmake ninja-build ccache pkg-config python3
  clang libclang-rt-14-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libcli11-dev nlohmann-json3-dev libpugixml-dev
  libboost-dev libssl-dev openssl libssh2-1-dev libsqlite3-dev sqlite3
  libspdlog-dev libfmt-dev libtomlplusplus-dev
  openssh-server openssh-client systemd curl
)

claimgate_install_deps() {
  local missing=()
  local p
  for p in "${claimgate_packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    return 0
  fi
  echo "installing: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >/dev/null
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
