# make test's hostile guest for the run with parallel CPUs: test/hostile-guest's sources with the
# budget of test/hostile-parallel/hostile_budget.h.
test/hostile-parallel-el := 1
test/hostile-parallel-srcs := $(test/hostile-guest-srcs)
test/hostile-parallel-libs := $(test/hostile-guest-libs)
test/hostile-parallel-includes := -Itest/caps-guest -Itest/hostile-parallel
test/hostile-parallel-ldscript := $(test/hostile-guest-ldscript)
