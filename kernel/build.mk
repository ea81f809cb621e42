kernel-el := 2
# Core files reach the architecture through headers on the include path (Bao's src/arch/*/inc);
# for "" includes only, so that sched.h or memory.h never stand in for a host's <sched.h>.
kernel-includes := -iquote kernel -iquote kernel/arch/aarch64
kernel-srcs := $(addprefix kernel/,arch/aarch64/head.S main.c cpus.c memory.c frames.c power.c \
	hypercall.c hypercall_vcpu.c hypercall_partition.c partition.c partition_quota.c \
	partition_console.c \
	vcpu.c vcpu_lifecycle.c sched.c run_queue.c timed_queue.c sched_context.c hypercall_sched.c \
	resume.c endpoint.c hand_off.c channel.c boot_partitions.c \
	arch/aarch64/cpu_arch.c arch/aarch64/stage2.c arch/aarch64/vcpu_arch.c \
	arch/aarch64/vcpu_context.c arch/aarch64/vcpu_sysregs.S arch/aarch64/fpsimd.S \
	arch/aarch64/vcpu_entry.S \
	arch/aarch64/trap.c arch/aarch64/guest_exception.c arch/aarch64/guest_psci.c \
	arch/aarch64/gic.c arch/aarch64/irq.c arch/aarch64/virq.c arch/aarch64/vgic.c \
	arch/aarch64/debug_pmu.c)
kernel-srcs += kernel/selftest.c kernel/boot_modules.c
CONFIG_SOURCES += kernel/boot_modules.c:MORTISE_BOOT_MODULES
CONFIG_SOURCES += kernel/selftest.c:MORTISE_SELFTEST_BOOTARGS
kernel-srcs += kernel/fastpath.c kernel/arch/aarch64/fastpath_entry.S
CONFIG_SOURCES += kernel/fastpath.c:MORTISE_FASTPATH kernel/arch/aarch64/fastpath_entry.S:MORTISE_FASTPATH
# Mortise is compiled for size (-Os), but for the code a running guest waits on, which stays at
# -O2: hypercall decode and the capability check, traps, the switch and the scheduler, interrupts
# and their delivery (make bench: null_hypercall, channel_notify, exit_to_vmm_and_back). The
# devicetree reader runs once, at boot, so it is compiled for size too: 2.6 KiB less for 4.8k
# cycles more of Mortise init (1 CPU: 70,853 at -O2, 75,637 at -Os).
# In those -O2 files (and the libraries they share), a function that runs only while Mortise boots
# or while the root component sets up or tears down partitions, on no row of make bench, is
# __attribute__((cold)): GCC compiles it for size, apart from the code guests wait on. Where a
# file's cold part is most of it, it has a file of its own at -Os instead (vcpu_lifecycle.c beside
# vcpu.c).
# Without -O2's padding of functions to 16 bytes: less .text and no instruction more. (Without its
# padding of jumps and loops too, GCC laid out the physical timer's path two instructions longer.)
kernel-cflags := -Os
kernel-speed-cflags := -O2 -fno-align-functions
kernel-speed-srcs := $(addprefix kernel/,hypercall.c fastpath.c hypercall_vcpu.c hypercall_sched.c \
	sched.c run_queue.c timed_queue.c sched_context.c vcpu.c resume.c endpoint.c hand_off.c channel.c \
	arch/aarch64/trap.c arch/aarch64/irq.c arch/aarch64/virq.c arch/aarch64/vgic.c \
	arch/aarch64/gic.c arch/aarch64/vcpu_arch.c arch/aarch64/vcpu_context.c \
	arch/aarch64/debug_pmu.c arch/aarch64/cpu_arch.c) \
	$(wildcard caps/*.c) shared-libs/exception/exception.c $(wildcard shared-libs/gtimer/*.c) \
	shared-libs/gicv3/gicv3_irq.c shared-libs/gicv3/gicv3_cpu_interface.c \
	shared-libs/libc-min/string.c
kernel-libs := boot cpu sync libc-min fmt pl011 console exception dtb gicv3 gtimer psci \
	caps
kernel-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
kernel-config-fragments := kernel/mortise.conf

# Kernel logic as host unit tests over the CPU fake, plain and under ASan+UBSan: test_<name> is
# kernel/test/test_<name>.c with the sources kernel-test-<name> lists.
kernel-test-stage2 := kernel/arch/aarch64/stage2.c
kernel-test-vgic := kernel/arch/aarch64/vgic.c
kernel-test-memory := kernel/memory.c shared-libs/console/console.c shared-libs/fmt/format.c
# The core logic over a fake machine (kernel/test/fake_arch.c), after Hafnium's src/arch/fake.
kernel-test-core := kernel/vcpu.c kernel/vcpu_lifecycle.c kernel/sched.c kernel/run_queue.c \
	kernel/timed_queue.c kernel/sched_context.c kernel/resume.c kernel/hand_off.c kernel/endpoint.c \
	kernel/arch/aarch64/virq.c \
	kernel/test/fake_arch.c kernel/partition_quota.c caps/cspace.c caps/derivation.c
kernel-test-vcpu := $(kernel-test-core)
kernel-test-virq := $(kernel-test-core)
kernel-test-sched := $(kernel-test-core)
kernel-test-run_queue := $(kernel-test-core)
kernel-test-timed_queue := $(kernel-test-core)
kernel-test-hand_off := $(kernel-test-core)
KERNEL_TESTS := stage2 vgic memory vcpu virq sched run_queue timed_queue hand_off
kernel-test-headers := $(wildcard kernel/*.h kernel/arch/aarch64/*.h kernel/test/*.h)
define kernel-test-rules
kernel-test-$(1)-inputs := kernel/test/test_$(1).c $$(kernel-test-$(1)) shared-libs/cpu/host/cpu_fake.c
$(O)/host/test_$(1): $$(kernel-test-$(1)-inputs) $(kernel-test-headers) $(AUTOCONF) $(LIB_HEADERS)
	@echo "  HOSTCC  $$@"
	$(Q)mkdir -p $$(@D)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $(kernel-includes) -iquote kernel/test -o $$@ \
		$$(kernel-test-$(1)-inputs) -lcmocka
$(O)/host-sanitize/test_$(1): $$(kernel-test-$(1)-inputs) $(kernel-test-headers) $(AUTOCONF) $(LIB_HEADERS)
	@echo "  HOSTCC  $$@ (ASan+UBSan)"
	$(Q)mkdir -p $$(@D)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $(SANITIZE) $(kernel-includes) -iquote kernel/test -o $$@ \
		$$(kernel-test-$(1)-inputs) -lcmocka
endef
$(foreach t,$(KERNEL_TESTS),$(eval $(call kernel-test-rules,$(t))))
KERNEL_UNIT_TESTS := $(foreach t,$(KERNEL_TESTS),$(O)/host/test_$(t) $(O)/host-sanitize/test_$(t))

# A test build of Mortise (test/mortise-*/): the kernel image's sources, libraries, flags and link,
# with Kconfig fragments of its own. $(call mortise-test-build,IMAGE) in the image's build.mk.
mortise-test-build-variables := el srcs libs includes ldscript cflags speed-cflags speed-srcs
mortise-test-build = $(foreach v,$(mortise-test-build-variables),$(eval $(1)-$(v) := $$(kernel-$(v))))
