#!/usr/bin/env bash
# What the tests need from Debian: chromium for the browser tests (Playwright drives it; its own
# browser downloads are not used), Node.js with npm for the JavaScript lint (ESLint comes from
# npm into .cache/node) and espeak-ng, whose synthetic speech the speech-recognition tests
# transcribe. Installs what is missing with apt-get when running as root.
# Sourced by test.sh; runs under its strict mode.
missing=()
[ -x "${HFGUIDE_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium fonts-dejavu-core)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
command -v espeak-ng >/dev/null || missing+=(espeak-ng)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing from Debian for the tests: ${missing[*]} ..." >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "The tests need these Debian packages: ${missing[*]} (apt-get install ${missing[*]})." >&2
    echo "For chromium, HFGUIDE_CHROMIUM may name another Chromium binary instead." >&2
    exit 1
  fi
fi
