cpu-host-srcs := host/cpu_fake.c
cpu-tests := test/test_cpu.c
