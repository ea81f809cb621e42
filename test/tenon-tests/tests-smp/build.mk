# SMP on QEMU (test/tenon-tests/tests-smp/): two CPUs, per-CPU ready queues, affinity, cross-CPU
# wake-up by reschedule SGI and preemption. Tickless, so an idle CPU has no tick that would wake
# it anyway: a thread woken from the other CPU runs only if the IPI arrives.
test/tenon-tests/tests-smp-el := 1
test/tenon-tests/tests-smp-srcs := test/tenon-tests/tests-smp/main.c $(tenon-testing-srcs) $(tenon-base-srcs)
test/tenon-tests/tests-smp-libs := $(tenon-base-libs)
test/tenon-tests/tests-smp-includes := $(tenon-base-includes) $(tenon-testing-includes) -DTENON_SMP_CPUS=2 -DTENON_TICKLESS=1 \
	-DTENON_TIME_SLICE_US=2000
test/tenon-tests/tests-smp-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
