# TenonOS build. The two commands a newcomer needs are `make run` and `make test`; both install what
# is missing first (make deps). See README.md for the rest.

PLATFORM ?= qemu-virt
O ?= build
CACHE ?= .cache
SYSROOT := $(CACHE)/sysroot-arm64
CROSS_COMPILE ?= aarch64-linux-gnu-
V ?= 0

Q := $(if $(filter 1,$(V)),,@)
PUBLIC_GOALS := all run run-sched run-pci test soak bench fuzz analyze audit orchestrate-check defconfig \
	menuconfig olddefconfig
.DEFAULT_GOAL := all

.PHONY: $(PUBLIC_GOALS) deps clean distclean help

deps:
	$(Q)platforms/host/deps.sh $(SYSROOT)

clean:
	rm -rf $(O)

distclean: clean
	rm -rf $(CACHE)

help:
	@echo "make run         install what is missing, build, boot the default demo in QEMU"
	@echo "make test        install what is missing, build, run every test"
	@echo "make all         build everything (images and host tests)"
	@echo "make soak        the hostile-guest test with 10^6 random hypercalls (minutes)"
	@echo "make bench       measure in QEMU (-icount shift=0), print a table, update BENCHMARKS.md"
	@echo "make fuzz        run every libFuzzer harness for FUZZ_SECONDS (default 60) each"
	@echo "make analyze     gcc -fanalyzer over kernel/, caps/ and vmm/ (also a make test item)"
	@echo "make audit       TCB audit: table, build/audit/audit.json, .dot, .svg"
	@echo "make orchestrate-check  the orchestrator's tests, booting every bootable objective"
	@echo "make menuconfig  change the configuration ($(O)/.config) with kconfig-mconf"
	@echo "make deps        install the Debian packages the build needs (as root)"
	@echo "PLATFORM=$(PLATFORM) O=$(O) V=1 for command lines"

ifeq ($(DEPS_READY),)
# Every public goal, and any file named as a goal (`make build/test/root/demo.cpio`), first installs
# what is missing, then re-enters make with the configuration.
FILE_GOALS := $(filter-out $(PUBLIC_GOALS) deps clean distclean help,$(MAKECMDGOALS))
.PHONY: $(FILE_GOALS)
$(PUBLIC_GOALS) $(FILE_GOALS): deps
	$(Q)$(MAKE) --no-print-directory DEPS_READY=1 $@
else

# ---- Configuration: real Kconfig through Debian's kconfig-frontends ------------------------------
KCONFIG_FILES := Kconfig $(shell find kernel libos-tenon shared-libs platforms caps vmm demos \
	-name Kconfig)
DOTCONFIG := $(O)/.config
CONFIG_DIR := $(O)/config
AUTOCONF := $(CONFIG_DIR)/autoconf.h
KCONFIG_ENV := cd $(CONFIG_DIR) && srctree=$(CURDIR) KCONFIG_CONFIG=$(CURDIR)/$(DOTCONFIG) \
	KCONFIG_AUTOHEADER=autoconf.h KCONFIG_AUTOCONFIG=auto.conf

$(DOTCONFIG):
	$(Q)mkdir -p $(CONFIG_DIR)/include/config
	$(Q)$(KCONFIG_ENV) kconfig-conf -s --defconfig=$(CURDIR)/platforms/$(PLATFORM)/defconfig $(CURDIR)/Kconfig

defconfig:
	$(Q)rm -f $(DOTCONFIG)
	$(Q)$(MAKE) --no-print-directory $(DOTCONFIG)

menuconfig: $(DOTCONFIG)
	$(Q)$(KCONFIG_ENV) kconfig-mconf $(CURDIR)/Kconfig

olddefconfig: $(DOTCONFIG)
	$(Q)$(KCONFIG_ENV) kconfig-conf -s --olddefconfig $(CURDIR)/Kconfig

$(CONFIG_DIR)/auto.conf: $(DOTCONFIG) $(KCONFIG_FILES)
	$(Q)mkdir -p $(CONFIG_DIR)/include/config
	$(Q)$(KCONFIG_ENV) kconfig-conf -s --olddefconfig $(CURDIR)/Kconfig
	$(Q)$(KCONFIG_ENV) kconfig-conf -s --silentoldconfig $(CURDIR)/Kconfig
	$(Q)touch $@ $(AUTOCONF)

$(AUTOCONF): $(CONFIG_DIR)/auto.conf

include $(CONFIG_DIR)/auto.conf

# ---- Toolchains ------------------------------------------------------------------------------------
CC := $(CROSS_COMPILE)gcc
OBJCOPY := $(CROSS_COMPILE)objcopy
HOSTCC ?= gcc
FUZZCC ?= clang

LIB_DIRS := $(sort $(dir $(wildcard shared-libs/*/lib.mk))) caps/ $(dir $(wildcard policy/lib.mk)) \
	$(dir $(wildcard libos-tenon/*/lib.mk)) $(dir $(wildcard vmm/*/lib.mk))
LIBS := $(notdir $(patsubst %/,%,$(LIB_DIRS)))
LIB_INCLUDES := $(addprefix -I,$(LIB_DIRS))
LIB_HEADERS := $(wildcard $(addsuffix *.h,$(LIB_DIRS)) $(addsuffix include/*.h,$(LIB_DIRS)))
WARNINGS := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla

# Target code: freestanding, no FP/SIMD (the kernel never saves guest FP state on its own entry),
# no unwind tables or build-id note (they grow the image and shift the entry point).
# Atomics inline (-mno-outline-atomics): libgcc's out-of-line helpers pick LSE or LL/SC from a
# flag only its hosted start-up code sets, so here they always took LL/SC after a call and a load.
TARGET_CFLAGS := -std=c11 -O2 -g $(WARNINGS) -ffreestanding -nostdinc -fno-builtin \
	-isystem $(shell $(CC) -print-file-name=include) -isystem shared-libs/libc-min/include \
	-isystem $(SYSROOT)/usr/include -mgeneral-regs-only -mstrict-align -mno-outline-atomics \
	-fno-stack-protector -fno-pie -fno-common -ffunction-sections -fdata-sections \
	-fno-asynchronous-unwind-tables -fno-unwind-tables -MMD -MP $(LIB_INCLUDES)
TARGET_LDFLAGS := -nostdlib -static -no-pie -Wl,--gc-sections -Wl,--build-id=none \
	-Wl,-z,noexecstack -Wl,--no-warn-rwx-segments
TARGET_LIBS := $(SYSROOT)/usr/lib/aarch64-linux-gnu/libfdt.a -lgcc

HOST_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -O1 -g $(WARNINGS) -Wno-missing-prototypes \
	-include $(AUTOCONF) $(LIB_INCLUDES) -Itest/host
SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
# A race report makes the binary exit non-zero (TSan's exitcode), so the test fails.
SANITIZE_THREADS := -fsanitize=thread -fno-omit-frame-pointer

# ---- Micro-libraries -------------------------------------------------------------------------------
# Each shared-libs/<lib>/lib.mk (and caps/lib.mk) names, relative to its folder:
#   <lib>-srcs       sources built into every target image that uses the library
#   <lib>-host-srcs  sources built into host unit tests (usually the portable subset)
#   <lib>-host-deps  other libraries the host tests link
#   <lib>-tests      CMocka test sources
#   <lib>-host-ldlibs extra host libraries (e.g. -lfdt)
#   <lib>-host-tsan  yes: its unit tests also run under ThreadSanitizer (they start threads)
#   <lib>-fuzzers    libFuzzer harnesses fuzz/fuzz_<name>.c, each with its corpus in fuzz/corpus/<name>/
# A source only some configurations need is named in CONFIG_SOURCES as PATH:SYMBOL (PATH from the
# repository's root) by the lib.mk or build.mk that lists it: an image builds it only when its own
# configuration has SYMBOL=y (below).
CONFIG_SOURCES :=
$(foreach d,$(LIB_DIRS),$(eval include $(d)lib.mk))
lib-dir = $(filter %/$(1)/,$(addprefix /,$(LIB_DIRS)))
lib-path = $(addprefix $(patsubst /%,%,$(call lib-dir,$(1))),$(2))
lib-kconfig = CONFIG_LIB_$(subst -,_,$(shell echo $(1) | tr a-z A-Z))

# ---- Target images ---------------------------------------------------------------------------------
# Each image folder (kernel, libos-tenon, and any test/*/, test/*/*/, demos/*/ or vmm/*/ with a
# build.mk) has build.mk naming <image>-el, <image>-srcs (relative to the repository),
# <image>-libs, <image>-includes (extra -I flags), <image>-ldscript (a linker script run through
# the C preprocessor) and, if the image's configuration differs from the main one,
# <image>-config-fragments (Kconfig fragments, below), and <image>-ldflags for extra link flags
# (the Tenon benchmark's --wrap). A folder grouping images
# (test/tenon-tests/) may hold an images.mk with what they share, read first.
IMAGES := kernel libos-tenon $(patsubst %/build.mk,%,$(wildcard test/*/build.mk test/*/*/build.mk \
	demos/*/build.mk vmm/*/build.mk))
$(foreach g,$(wildcard test/*/images.mk),$(eval include $(g)))
$(foreach i,$(IMAGES),$(eval include $(i)/build.mk))

# Every image is built from a configuration of its own, in $(O)/<image>/config/: the main
# configuration ($(DOTCONFIG)) with the Kconfig fragments its build.mk names in
# <image>-config-fragments merged onto it (platforms/host/image-config.sh: a later line wins, and a
# value Kconfig does not keep fails the build). Its autoconf.h is force-included into the image's
# compiles only and changes only when that configuration does, so one build holds differently
# configured images and rebuilds an image only when its own configuration changed. Make itself
# reads the main configuration (auto.conf above), and so do the host tests, fuzzers and tools.
image-file = $(O)/$(1)/$(notdir $(1))
image-config-dir = $(O)/$(1)/config
image-autoconf = $(call image-config-dir,$(1))/autoconf.h
# An image with Tenon in it reserves x18, the AAPCS64 platform register, for Tenon's interrupt
# entry (libos-tenon/arch/aarch64/vectors.S): none of its C code may use it.
image-cflags = $(TARGET_CFLAGS) -include $(call image-autoconf,$(1)) $($(1)-includes) \
	-DTARGET_EL=$($(1)-el) $(if $(filter libos-tenon/%,$($(1)-srcs)),-ffixed-x18)
# An image may be optimised its own way: <image>-cflags for its C sources, <image>-speed-cflags
# for those it lists in <image>-speed-srcs (kernel/build.mk: -Os, but -O2 where guests wait).
image-source-cflags = $(if $(filter $(2),$($(1)-speed-srcs)),$($(1)-speed-cflags),$($(1)-cflags))
IMAGE_CONFIG_TOOL := platforms/host/image-config.sh
# Make learns which symbols an image's configuration has =y from $(O)/<image>/config/config.mk
# (<image>-config := CONFIG_X=y ...), made from its .config; make restarts once after making it.
image-config-mk = $(call image-config-dir,$(1))/config.mk
-include $(foreach i,$(IMAGES),$(call image-config-mk,$(i)))
config-source-symbol = $(patsubst $(1):%,%,$(filter $(1):%,$(CONFIG_SOURCES)))
image-builds-source = $(if $(call config-source-symbol,$(2)),$(filter \
	CONFIG_$(call config-source-symbol,$(2))=y,$($(1)-config)),y)
define image-rules
$(1)-config ?=
$(1)-all-srcs := $$(foreach s,$$($(1)-srcs) $$(foreach l,$$($(1)-libs),$$(call lib-path,$$(l),\
	$$($$(l)-srcs))),$$(if $$(call image-builds-source,$(1),$$(s)),$$(s)))
$(1)-objs := $$(addprefix $(O)/$(1)/,$$(addsuffix .o,$$(basename $$($(1)-all-srcs))))
$(call image-config-dir,$(1))/.config: $(CONFIG_DIR)/auto.conf $$($(1)-config-fragments) \
		$(IMAGE_CONFIG_TOOL)
	@echo "  CONFIG  $(1)"
	$(Q)$(IMAGE_CONFIG_TOOL) . $$(@D) $(DOTCONFIG) $$($(1)-config-fragments)
$(call image-autoconf,$(1)): $(call image-config-dir,$(1))/.config ;
$(call image-config-mk,$(1)): $(call image-config-dir,$(1))/.config
	$(Q){ printf '$(1)-config :='; sed -n '/^CONFIG_[A-Za-z0-9_]*=y/p' $$< | tr '\n' ' '; echo; } >$$@
$(call image-file,$(1)).ld: $$($(1)-ldscript) $(call image-autoconf,$(1))
	$(Q)mkdir -p $$(@D)
	$(Q)$(CC) -E -P -x c -D__ASSEMBLY__ -include $(call image-autoconf,$(1)) $(LIB_INCLUDES) \
		-o $$@ $$<
$(call image-file,$(1)).elf: $$($(1)-objs) $(call image-file,$(1)).ld
	@echo "  LD      $$@"
	$(Q)for symbol in $$(foreach l,$$($(1)-libs),$$(call lib-kconfig,$$(l))); do \
		grep -qx "$$$${symbol}=y" $(call image-config-dir,$(1))/.config || { echo "$(1) needs" \
		"$$$${symbol}=y in $(call image-config-dir,$(1))/.config" >&2; exit 1; }; done
	$(Q)$(CC) $(TARGET_LDFLAGS) $$($(1)-ldflags) -T $$(@:.elf=.ld) -Wl,-Map,$$(@:.elf=.map) \
		-o $$@ $$($(1)-objs) $(TARGET_LIBS)
$(call image-file,$(1)).img: $(call image-file,$(1)).elf
	@echo "  IMAGE   $$@"
	$(Q)$(OBJCOPY) -O binary $$< $$@
-include $$($(1)-objs:.o=.d)
endef
$(foreach i,$(IMAGES),$(eval $(call image-rules,$(i))))

TARGET_PREREQS := $(SYSROOT)/.packages

# An image's objects depend on its compile flags too, kept in a file rewritten only when they
# change: a flag added to image-cflags (-ffixed-x18) reaches every object of the images concerned.
image-cflags-file = $(O)/$(1)/cflags
image-flags-record = $(call image-cflags,$(1)) $($(1)-cflags) $($(1)-speed-cflags): $($(1)-speed-srcs)

.PHONY: FORCE
FORCE:

define compile-rules
$(call image-cflags-file,$(1)): FORCE
	$(Q)mkdir -p $$(@D)
	$(Q)echo '$(call image-flags-record,$(1))' | cmp -s - $$@ || \
		echo '$(call image-flags-record,$(1))' >$$@
$(O)/$(1)/%.o: %.c $(TARGET_PREREQS) $(call image-autoconf,$(1)) $(call image-cflags-file,$(1))
	@echo "  CC      $$@"
	$(Q)mkdir -p $$(@D)
	$(Q)$(CC) $(call image-cflags,$(1)) $$(call image-source-cflags,$(1),$$<) -c -o $$@ $$<
$(O)/$(1)/%.o: %.S $(TARGET_PREREQS) $(call image-autoconf,$(1)) $(call image-cflags-file,$(1))
	@echo "  AS      $$@"
	$(Q)mkdir -p $$(@D)
	$(Q)$(CC) $(call image-cflags,$(1)) -D__ASSEMBLY__ -c -o $$@ $$<
endef
$(foreach i,$(IMAGES),$(eval $(call compile-rules,$(i))))

IMAGE_FILES := $(foreach i,$(IMAGES),$(call image-file,$(i)).img)

# ---- Host unit tests (CMocka), plain, under ASan+UBSan and (threaded ones) under TSan -------------------
define lib-test-rules
$(1)-test-inputs := $$(call lib-path,$(1),$$($(1)-tests) $$($(1)-host-srcs)) \
	$$(foreach d,$$($(1)-host-deps),$$(call lib-path,$$(d),$$($$(d)-host-srcs)))
$(O)/host/test_$(1): $$($(1)-test-inputs) $(AUTOCONF) $(LIB_HEADERS) $$(wildcard $$(call lib-path,$(1),test/*.h))
	@echo "  HOSTCC  $$@"
	$(Q)mkdir -p $$(@D)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $$@ $$($(1)-test-inputs) -lcmocka $$($(1)-host-ldlibs)
$(O)/host-sanitize/test_$(1): $$($(1)-test-inputs) $(AUTOCONF) $(LIB_HEADERS) $$(wildcard $$(call lib-path,$(1),test/*.h))
	@echo "  HOSTCC  $$@ (ASan+UBSan)"
	$(Q)mkdir -p $$(@D)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $(SANITIZE) -o $$@ $$($(1)-test-inputs) -lcmocka $$($(1)-host-ldlibs)
$(O)/host-tsan/test_$(1): $$($(1)-test-inputs) $(AUTOCONF) $(LIB_HEADERS) $$(wildcard $$(call lib-path,$(1),test/*.h))
	@echo "  HOSTCC  $$@ (TSan)"
	$(Q)mkdir -p $$(@D)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $(SANITIZE_THREADS) -o $$@ $$($(1)-test-inputs) -lcmocka $$($(1)-host-ldlibs)
endef
TESTED_LIBS := $(foreach l,$(LIBS),$(if $($(l)-tests),$(l)))
$(foreach l,$(TESTED_LIBS),$(eval $(call lib-test-rules,$(l))))
UNIT_TESTS := $(addprefix $(O)/host/test_,$(TESTED_LIBS)) \
	$(addprefix $(O)/host-sanitize/test_,$(TESTED_LIBS)) \
	$(addprefix $(O)/host-tsan/test_,$(foreach l,$(TESTED_LIBS),$(if $($(l)-host-tsan),$(l))))
UNIT_TESTS += $(KERNEL_UNIT_TESTS)

# ---- Fuzzing (libFuzzer, clang, ASan+UBSan) ------------------------------------------------------------
# make fuzz runs every harness for FUZZ_SECONDS into a scratch corpus under $(O)/fuzz, seeded from
# the committed one; crashes land in $(O)/fuzz too. Minimise new finds into the committed corpus by
# hand (-merge=1). make test replays every committed corpus once, then fuzzes each harness briefly
# (test/fuzz-briefly.sh): <harness>-test-runs inputs (a lib.mk sets it, a few seconds' worth) from
# seed FUZZ_SEED, so a run repeats exactly; crashes land in $(O)/fuzz/crashes.
FUZZ_SECONDS ?= 60
FUZZ_SEED ?= 1
FUZZ_TEST_RUNS ?= 10000
FUZZ_FLAGS := -std=c11 -D_DEFAULT_SOURCE -O1 -g -Wall -Wextra -Werror -include $(AUTOCONF) \
	$(LIB_INCLUDES) -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
define fuzz-rules
$(O)/fuzz/$(basename $(notdir $(2))): $(call lib-path,$(1),$(2) $($(1)-host-srcs)) $(AUTOCONF) $(LIB_HEADERS) \
		$(wildcard $(call lib-path,$(1),fuzz/*.h))
	@echo "  FUZZCC  $$@"
	$(Q)mkdir -p $$(@D)
	$(Q)$(FUZZCC) $(FUZZ_FLAGS) -o $$@ $(call lib-path,$(1),$(2) $($(1)-host-srcs)) \
		$$(foreach d,$($(1)-host-deps),$$(call lib-path,$$(d),$$($$(d)-host-srcs))) $($(1)-host-ldlibs)
FUZZERS += $(O)/fuzz/$(basename $(notdir $(2)))
corpus-$(basename $(notdir $(2))) := $(call lib-path,$(1),fuzz/corpus/$(patsubst fuzz_%,%,$(basename $(notdir $(2)))))
endef
FUZZERS :=
$(foreach l,$(LIBS),$(foreach f,$($(l)-fuzzers),$(eval $(call fuzz-rules,$(l),$(f)))))
fuzz-corpus = $(corpus-$(notdir $(1)))
# What make test runs: libFuzzer executes each file it is given once.
FUZZ_REPLAYS := $(foreach f,$(FUZZERS),'$(f) $(call fuzz-corpus,$(f))/*')
FUZZ_BRIEFLY := $(foreach f,$(FUZZERS),'test/fuzz-briefly.sh $(f) $(call fuzz-corpus,$(f)) \
	$(FUZZ_SEED) $(or $($(notdir $(f))-test-runs),$(FUZZ_TEST_RUNS)) $(O)/fuzz/crashes')

.PHONY: fuzz
fuzz: $(FUZZERS)
	$(Q)set -e; $(foreach f,$(FUZZERS),mkdir -p $(f)-corpus; \
		$(f) -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=$(O)/fuzz/ $(f)-corpus \
		$(call fuzz-corpus,$(f));)

# ---- Host tools and their tests -------------------------------------------------------------------
# A folder's build.mk adds its tools to HOST_TOOLS and its test commands to TOOL_TESTS.
HOST_TOOLS :=
TOOL_TESTS :=
include policy/build.mk
include orchestrator/audit/build.mk
include orchestrator/orchestrate/build.mk

# ---- Integration tests (QEMU) ----------------------------------------------------------------------
include test/build.mk
include test/analyzer.mk

all: $(IMAGE_FILES) $(UNIT_TESTS) $(INTEGRATION_TOOLS) $(HOST_TOOLS)

test: all $(FUZZERS)
	$(Q)test/run-tests.sh $(O)/test-logs $(UNIT_TESTS) -- $(FUZZ_REPLAYS) $(FUZZ_BRIEFLY) $(TOOL_TESTS) \
		$(ANALYZER_TESTS) \
		$(INTEGRATION_TESTS)

soak: $(IMAGE_FILES) $(INTEGRATION_TOOLS) $(SOAK_TOOLS)
	$(Q)TEST_TIMEOUT=$${TEST_TIMEOUT:-3600} test/run-tests.sh $(O)/test-logs -- $(SOAK_TESTS)

bench: $(IMAGE_FILES) $(INTEGRATION_TOOLS)
	$(Q)test/bench.sh BENCHMARKS.md $(BENCH_RUNS)
	$(Q)test/tenon-bench/figures.sh BENCHMARKS.md test/tenon-bench/figures

run: $(IMAGE_FILES) $(INTEGRATION_TOOLS)
	@echo "Booting Mortise on QEMU virt (4 CPUs) with policy/examples/linux-demo.dts: the root"
	@echo "component builds a real-time Tenon partition (CPU 1, lines prefixed [rt]) and Linux (CPUs"
	@echo "2-3, on the serial console) with its VMM. Linux's shell comes up in a few seconds;"
	@echo "'poweroff -f' stops Linux alone, Ctrl-A X quits QEMU."
	$(QEMU_LINUX_DEMO)

run-sched: $(IMAGE_FILES) $(INTEGRATION_TOOLS)
	@echo "Booting Mortise on QEMU virt with policy/examples/sched-demo.dts: Linux (CPU 2) asks the"
	@echo "sched component (CPU 1) for Tenon instances on a one-CPU pool (CPU 3) with tenonctl:"
	@echo "try 'tenonctl start spinner', 'tenonctl start ticker', 'tenonctl list', 'tenonctl stats'"
	@echo "(README.md shows more). Ctrl-A X quits QEMU."
	$(QEMU_SCHED_DEMO)

run-pci: $(IMAGE_FILES) $(INTEGRATION_TOOLS)
	@echo "Booting Mortise on QEMU virt with policy/examples/linux-pci.dts: Linux (CPU 3) sees its"
	@echo "channel to the Tenon server (CPU 1) as a PCI device, beside rt (CPU 2). Bind it and talk:"
	@echo "  echo 1af4 1110 >/sys/bus/pci/drivers/uio_pci_generic/new_id"
	@echo "  tenon-msg 0000:00:00.0 0 send hello; tenon-msg 0000:00:00.0 0 wait 1 1000"
	@echo "rt's own channel is device 1: ask it for its latency totals, restart them, flood it:"
	@echo "  tenon-msg 0000:00:01.0 0 send stats; tenon-msg 0000:00:01.0 0 wait 1 1000"
	@echo "  tenon-msg 0000:00:01.0 0 send reset; tenon-msg 0000:00:01.0 0 flood 1"
	@echo "Ctrl-A X quits QEMU."
	$(QEMU_LINUX_PCI_BOARD)

endif
