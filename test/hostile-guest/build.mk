# The hostile guest (issue 14's attacker as a test): random hypercalls, a derive/delete race, an
# IPA scan, SGI and WFI storms and table exhaustion on three CPUs at once (hostile.h). Its budget of
# calls is budget/hostile_budget.h; test/hostile-soak builds the same sources with the soak's.
test/hostile-guest-el := 1
test/hostile-guest-srcs := $(addprefix test/hostile-guest/,main.c worker.c random.c race.c \
	sandbox.c storms.c ipa_scan.c exhaust.c calls.c verdict.c arch/aarch64/worker_entry.S) \
	shared-libs/boot/$(boot-el1-srcs)
test/hostile-guest-libs := boot cpu sync libc-min fmt console exception hvc psci gicv3 gtimer caps
test/hostile-guest-includes := -Itest/caps-guest -Itest/heartbeat-guest -Itest/hostile-guest/budget
test/hostile-guest-ldscript := shared-libs/boot/arch/aarch64/image.ld.S
