# SPDX-License-Identifier: Apache-2.0
pci-ivshmem-srcs := pci_ivshmem.c
pci-ivshmem-host-srcs := pci_ivshmem.c
pci-ivshmem-tests := test/test_pci_ivshmem.c
