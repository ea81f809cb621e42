fmt-srcs := format.c format_small.c snprintf.c
CONFIG_SOURCES += shared-libs/fmt/format.c:LIB_FMT_FULL shared-libs/fmt/format_small.c:LIB_FMT_SMALL
# On the host format_small.c defines fmt_small_vformat, tested beside format.c.
fmt-host-srcs := format.c format_small.c snprintf.c
fmt-tests := test/test_fmt.c test/test_fmt_small.c
