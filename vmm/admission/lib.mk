# SPDX-License-Identifier: Apache-2.0
admission-srcs := admission.c
admission-host-srcs := admission.c
admission-tests := test/test_admission.c
