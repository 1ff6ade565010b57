#!/usr/bin/env bash
# Make sure Debian's chromium is there for the browser tests (Playwright drives it; its own
# browser downloads are not used). Installs it with apt-get when running as root.
if [ ! -x "${HFGUIDE_CHROMIUM:-/usr/bin/chromium}" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing Debian chromium for the browser tests ..." >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  else
    echo "The browser tests need chromium at /usr/bin/chromium (apt-get install chromium)," >&2
    echo "or set HFGUIDE_CHROMIUM to a Chromium binary." >&2
    exit 1
  fi
fi
