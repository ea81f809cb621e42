# What the images of test/tenon-tests/ share: the check-and-report frame of testing/.
tenon-testing-srcs := test/tenon-tests/testing/tenon_testing.c
tenon-testing-includes := -Itest/tenon-tests/testing
