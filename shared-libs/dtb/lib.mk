dtb-srcs := dtb_check.c dtb_collect.c dtb_properties.c dtb_interrupts.c dtb_memory.c dtb_cpus.c \
	dtb_uart.c dtb_gic.c dtb_timer.c dtb_psci.c dtb_chosen.c dtb_platform.c dtb_blob.c
# What only a component or a guest reads (Mortise reads the platform in one dtb_read_platform).
dtb-component-srcs := dtb_queries.c dtb_channels.c dtb_read.c dtb_walk.c
dtb-srcs += $(dtb-component-srcs)
CONFIG_SOURCES += $(addsuffix :LIB_DTB_COMPONENT_READERS,$(addprefix shared-libs/dtb/,$(dtb-component-srcs)))
dtb-host-srcs := $(dtb-srcs)
dtb-tests := test/test_dtb.c test/test_dtb_channels.c test/test_dtb_blob.c test/fdt_builder.c
dtb-host-ldlibs := -lfdt
dtb-fuzzers := fuzz/fuzz_dtb.c
# make test fuzzes this many inputs (a few seconds).
fuzz_dtb-test-runs := 50000
