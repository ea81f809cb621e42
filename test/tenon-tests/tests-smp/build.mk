# SMP on QEMU (test/tenon-tests/tests-smp/): two CPUs, per-CPU ready queues, affinity, cross-CPU
# wake-up by reschedule SGI and preemption. Tickless, so an idle CPU has no tick that would wake
# it anyway: a thread woken from the other CPU runs only if the IPI arrives.
test/tenon-tests/tests-smp-el := 1
test/tenon-tests/tests-smp-srcs := test/tenon-tests/tests-smp/main.c $(tenon-testing-srcs) \
	$(tenon-base-srcs)
test/tenon-tests/tests-smp-libs := $(tenon-base-libs)
test/tenon-tests/tests-smp-includes := $(tenon-base-includes) $(tenon-testing-includes)
test/tenon-tests/tests-smp-config-fragments := libos-tenon/configs/tickless.conf \
	test/tenon-tests/tests-smp/tests-smp.conf
test/tenon-tests/tests-smp-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
