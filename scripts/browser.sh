#!/usr/bin/env bash
# Make sure the Debian programs the tests use are there: chromium for the browser tests
# (Playwright drives it; its own browser downloads are not used) and espeak-ng, whose synthetic
# speech the speech-recognition tests transcribe. Installs them with apt-get when running as root.
missing=()
[ -x "${HFGUIDE_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium fonts-dejavu-core)
command -v espeak-ng >/dev/null || missing+=(espeak-ng)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing Debian ${missing[*]} for the tests ..." >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "The tests need Debian's ${missing[*]} (apt-get install ${missing[*]});" >&2
    echo "for chromium elsewhere, set HFGUIDE_CHROMIUM to a Chromium binary." >&2
    exit 1
  fi
fi
