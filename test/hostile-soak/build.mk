# make soak's hostile guest: test/hostile-guest's sources with ten times the calls
# (test/hostile-soak/hostile_budget.h).
test/hostile-soak-el := 1
test/hostile-soak-srcs := $(test/hostile-guest-srcs)
test/hostile-soak-libs := $(test/hostile-guest-libs)
test/hostile-soak-includes := -Itest/caps-guest -Itest/heartbeat-guest -Itest/hostile-soak
test/hostile-soak-ldscript := $(test/hostile-guest-ldscript)
