# SPDX-License-Identifier: Apache-2.0
# The policy blob: format, reader (the root component's, at boot) and writer (tenon-policy's).
# The host tool itself is built by policy/build.mk.
policy-srcs := crc32.c status.c reader.c writer.c
policy-host-srcs := $(policy-srcs)
policy-tests := test/test_blob.c
policy-fuzzers := fuzz/fuzz_blob.c
# make test fuzzes this many inputs (a few seconds).
fuzz_blob-test-runs := 30000
