kernel-el := 2
# Core files reach the architecture through headers on the include path (Bao's src/arch/*/inc);
# for "" includes only, so that sched.h or memory.h never stand in for a host's <sched.h>.
kernel-includes := -iquote kernel -iquote kernel/arch/aarch64
kernel-srcs := $(addprefix kernel/,arch/aarch64/head.S main.c cpus.c memory.c frames.c power.c \
	hypercall.c hypercall_vcpu.c hypercall_partition.c partition.c partition_console.c \
	vcpu.c sched.c resume.c endpoint.c channel.c boot_partitions.c \
	arch/aarch64/cpu_arch.c arch/aarch64/stage2.c arch/aarch64/vcpu_arch.c \
	arch/aarch64/vcpu_context.c arch/aarch64/fpsimd.S arch/aarch64/vcpu_entry.S \
	arch/aarch64/trap.c arch/aarch64/guest_exception.c arch/aarch64/guest_psci.c \
	arch/aarch64/gic.c arch/aarch64/irq.c arch/aarch64/virq.c arch/aarch64/vgic.c \
	arch/aarch64/debug_pmu.c)
kernel-srcs += $(if $(CONFIG_MORTISE_SELFTEST_BOOTARGS),kernel/selftest.c)
kernel-libs := boot cpu sync libc-min fmt pl011 console exception dtb gicv3 gtimer page-alloc psci \
	caps
kernel-ldscript := shared-libs/boot/arch/aarch64/image.ld.S

# The stage-2 code as a host unit test against the CPU fake, plain and under ASan+UBSan.
kernel-host-test-inputs := kernel/test/test_stage2.c kernel/arch/aarch64/stage2.c \
	shared-libs/cpu/host/cpu_fake.c
$(O)/host/test_stage2: $(kernel-host-test-inputs) kernel/arch/aarch64/stage2.h $(AUTOCONF) $(LIB_HEADERS)
	@echo "  HOSTCC  $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $(kernel-includes) -o $@ $(kernel-host-test-inputs) -lcmocka
$(O)/host-sanitize/test_stage2: $(kernel-host-test-inputs) kernel/arch/aarch64/stage2.h $(AUTOCONF) $(LIB_HEADERS)
	@echo "  HOSTCC  $@ (ASan+UBSan)"
	$(Q)mkdir -p $(@D)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $(SANITIZE) $(kernel-includes) -o $@ $(kernel-host-test-inputs) -lcmocka
KERNEL_UNIT_TESTS := $(O)/host/test_stage2 $(O)/host-sanitize/test_stage2
