#!/bin/sh
# Builds what this machine has the tools for, into the directory given (Maven passes target/c):
#   unit-tests   the core's host unit tests              needs gcc
#   firmware.elf the ATmega328P firmware (and .hex)      needs gcc-avr and avr-libc
#   bench        the simavr test bench                   needs libsimavr-dev, libsimavrparts1 and libelf-dev
# What is missing is written, one package per line, to missing.txt, so that the tests can say why they are
# skipped. A compile error fails the build.
set -eu
cd "$(dirname "$0")"
out=${1:-build}
mkdir -p "$out"
missing=""
have() { command -v "$1" >/dev/null 2>&1; }

if have gcc; then
    make -s BUILD="$out" "$out/unit-tests"
else
    missing="$missing gcc"
fi
if have avr-gcc && have avr-objcopy && [ -f /usr/lib/avr/include/avr/io.h ]; then
    make -s BUILD="$out" all
else
    missing="$missing gcc-avr avr-libc"
fi
if [ -f "$out/firmware.elf" ] && [ -f /usr/include/simavr/sim_avr.h ] && [ -f /usr/include/libelf.h ]; then
    make -s BUILD="$out" "$out/bench"
else
    missing="$missing simavr libsimavr-dev libsimavrparts1 libelf-dev"
fi
printf '%s\n' $missing > "$out/missing.txt"
if [ -n "$missing" ]; then
    echo "firmware: not built for lack of:$missing (its tests are skipped)"
fi
