# SMP on QEMU (libos-tenon/tests-smp/): two CPUs, per-CPU ready queues, affinity, cross-CPU
# wake-up by reschedule SGI and preemption. Tickless, so an idle CPU has no tick that would wake
# it anyway: a thread woken from the other CPU runs only if the IPI arrives.
libos-tenon/tests-smp-el := 1
libos-tenon/tests-smp-srcs := libos-tenon/tests-smp/main.c $(tenon-testing-srcs) $(tenon-base-srcs)
libos-tenon/tests-smp-libs := $(tenon-base-libs)
libos-tenon/tests-smp-includes := $(tenon-base-includes) $(tenon-testing-includes) -DTENON_SMP_CPUS=2 -DTENON_TICKLESS=1 \
	-DTENON_TIME_SLICE_US=2000
libos-tenon/tests-smp-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
