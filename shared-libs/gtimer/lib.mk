gtimer-srcs := gtimer.c gtimer_convert.c gtimer_delay.c
gtimer-host-srcs := $(gtimer-srcs)
gtimer-host-deps := cpu
gtimer-tests := test/test_gtimer.c
