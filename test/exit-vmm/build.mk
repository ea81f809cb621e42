# A minimal VMM component for the exit tests: emulates a PL011 for its guests, has a bus error
# injected for any other device address, stops a guest that touches memory outside its
# partition, and powers off when no guest is left. With a sched context over its guests' CPUs it
# serves their exits there, from a context of its own on each CPU.
test/exit-vmm-el := 1
test/exit-vmm-srcs := test/exit-vmm/main.c test/exit-vmm/context_entry.S \
	shared-libs/boot/$(boot-el1-srcs)
test/exit-vmm-libs := boot cpu sync libc-min fmt console exception hvc psci
test/exit-vmm-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
