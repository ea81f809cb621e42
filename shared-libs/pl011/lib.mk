pl011-srcs := pl011.c
pl011-host-srcs := pl011.c
pl011-host-deps := cpu
pl011-tests := test/test_pl011.c
