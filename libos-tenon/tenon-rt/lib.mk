# tenon-rt: Tenon's scheduler, synchronisation and timers. Portable C: the architecture comes in
# through tenon_arch.h (implemented in libos-tenon/arch/aarch64/), so the data structures are unit
# tested on the host.
tenon-rt-srcs := readyq.c timer_heap.c waitq.c pi.c sched.c thread.c sem.c mutex.c msgq.c \
	event.c timer.c interrupt.c deferq.c status.c
tenon-rt-host-srcs := readyq.c timer_heap.c waitq.c pi.c deferq.c status.c
tenon-rt-tests := test/test_main.c test/test_readyq.c test/test_timer_heap.c test/test_pi.c \
	test/test_deferq.c test/test_percpu.c
# Built only into images whose configuration asks for them (libos-tenon/Kconfig).
CONFIG_SOURCES += libos-tenon/tenon-rt/sem.c:TENON_SEMAPHORES \
	libos-tenon/tenon-rt/msgq.c:TENON_MESSAGE_QUEUES libos-tenon/tenon-rt/event.c:TENON_EVENT_FLAGS
