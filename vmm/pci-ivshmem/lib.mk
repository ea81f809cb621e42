# SPDX-License-Identifier: Apache-2.0
pci-ivshmem-srcs := pci_ivshmem.c
pci-ivshmem-host-srcs := pci_ivshmem.c
pci-ivshmem-tests := test/test_pci_ivshmem.c
pci-ivshmem-fuzzers := fuzz/fuzz_pci_ivshmem.c
# make test fuzzes this many inputs (a few seconds).
fuzz_pci_ivshmem-test-runs := 50000
