#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# make test's static analysis item: `make analyze` (test/analyzer.mk, gcc -fanalyzer over kernel/,
# caps/ and vmm/) on every CPU, keeping on after a failing file so that one run lists every
# finding. Arguments go to make (O=DIR). Exit status: 0 clean, else make's.
set -u
cd "$(dirname "$0")/.." || exit 2
# A make of its own: the jobserver of a `make test` above does not reach this far.
MAKEFLAGS= exec make --no-print-directory -k -j"$(nproc)" analyze "$@"
