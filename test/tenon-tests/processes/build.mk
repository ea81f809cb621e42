# Tenon with EL0 processes: musl programs (test/tenon-tests/apps/, built by
# test/tenon-tests/test.mk) embedded in the image, each run in its own address space.
test/tenon-tests/processes-el := 1
test/tenon-tests/processes-srcs := test/tenon-tests/processes/main.c test/tenon-tests/processes/apps.S \
	$(tenon-process-srcs) $(tenon-process-channel-srcs) $(tenon-base-srcs)
test/tenon-tests/processes-libs := $(tenon-base-libs) page-alloc caps msg-ring channel-msg
test/tenon-tests/processes-includes := $(tenon-base-includes) -Ilibos-tenon/process \
	-Wa,-I$(O)/test/tenon-tests/apps
test/tenon-tests/processes-config-fragments := test/tenon-tests/processes/processes.conf
test/tenon-tests/processes-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
