console-srcs := console.c console_pl011.c
console-host-srcs := console.c console_pl011.c
console-host-deps := cpu fmt pl011
console-tests := test/test_console.c
