gicv3-srcs := gicv3_status.c gicv3_wait.c gicv3_distributor.c gicv3_redistributor.c \
	gicv3_cpu_interface.c gicv3_irq.c
gicv3-host-srcs := $(gicv3-srcs)
gicv3-host-deps := cpu
gicv3-tests := test/test_gicv3.c test/gic_fixture.c test/test_gicv3_distributor.c \
	test/test_gicv3_redistributor.c test/test_gicv3_irq.c test/test_gicv3_cpu_interface.c
