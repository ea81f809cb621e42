# SPDX-License-Identifier: Apache-2.0
# Static analysis: gcc -fanalyzer (the cross gcc 12) over every C file of kernel/, caps/ and vmm/,
# compiled as its image compiles it (same flags, includes and TARGET_EL), one file per job. With
# -Werror an analyzer warning fails the file, so `make analyze` (and the test item
# test/analyze.sh in make test, `make test TESTS=analyze`) fails on any new finding. A file is
# analysed again only when it or a header it includes changes (stamps in $(O)/analyzer).
# A finding that is not a fault is silenced next to its line, with the reason beside it.
ANALYZED := kernel/ caps/ vmm/
ANALYZER_IMAGES := kernel $(filter vmm/%,$(IMAGES))

analyzed-srcs = $(filter $(addsuffix %.c,$(ANALYZED)),$($(1)-all-srcs))
define analyzer-rules
$(O)/analyzer/$(1)/%.ok: %.c $(TARGET_PREREQS) $(call image-autoconf,$(1))
	@echo "  ANALYZE $$<"
	$(Q)mkdir -p $$(@D)
	$(Q)$(CC) $(call image-cflags,$(1)) -fanalyzer \
		-MF $$(@:.ok=.d) -MT $$@ -c -o $$(@:.ok=.o) $$<
	$(Q)touch $$@
$(1)-analyzer-files := $$(addprefix $(O)/analyzer/$(1)/,$$(basename $$(call analyzed-srcs,$(1))))
ANALYZER_STAMPS += $$(addsuffix .ok,$$($(1)-analyzer-files))
-include $$(addsuffix .d,$$($(1)-analyzer-files))
endef
ANALYZER_STAMPS :=
$(foreach i,$(ANALYZER_IMAGES),$(eval $(call analyzer-rules,$(i))))

.PHONY: analyze
analyze: $(ANALYZER_STAMPS)

ANALYZER_TESTS := 'test/analyze.sh O=$(O)'

# The call graph between the files of the kernel image (kernel/ and caps/), from the compiler (gcc
# -fcallgraph-info: one .ci per file, compiled as the image compiles it); test/kernel-callgraph.sh fails on a cycle between files and
# lists every call through a function pointer (`make kernel-callgraph`, `make test TESTS=callgraph`).
CALLGRAPH_FILES := $(addprefix $(O)/callgraph/,$(addsuffix .ci,$(basename $(call analyzed-srcs,kernel))))
$(O)/callgraph/%.ci: %.c $(TARGET_PREREQS) $(call image-autoconf,kernel)
	@echo "  CALLGRAPH $<"
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(call image-cflags,kernel) -fcallgraph-info \
		-MF $(@:.ci=.d) -MT $@ -c -o $(@:.ci=.o) $<
-include $(CALLGRAPH_FILES:.ci=.d)

.PHONY: kernel-callgraph
kernel-callgraph: $(CALLGRAPH_FILES)
	$(Q)test/kernel-callgraph.sh $(CALLGRAPH_FILES)

ANALYZER_TESTS += 'test/kernel-callgraph.sh --build O=$(O)'
