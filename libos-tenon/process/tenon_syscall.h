/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tenon's own system calls, for EL0 processes (CONFIG_TENON_PROCESS_CHANNELS); a musl program
 * makes them with syscall(number, ...). Numbers sit far above Linux's, so no Linux call is ever
 * taken for one. Results are Linux style: a value, or a negated errno.
 *
 * Channels: handle h (0 .. TENON_PROCESS_CHANNELS - 1) is the channel-msg end the process's
 * creator granted it (process_grant_channel); timeouts in nanoseconds, TENON_CHANNEL_NO_WAIT
 * tries once, TENON_CHANNEL_WAIT_FOREVER waits as long as it takes.
 *   SYS_TENON_CHANNEL_SEND     (h, message, length, timeout) -> 0; -EAGAIN still full at the
 *                              timeout, -EMSGSIZE longer than TENON_CHANNEL_MESSAGE_MAX or the
 *                              ring, -EBADF no channel at h, -EFAULT, -EIO the ring is corrupt
 *   SYS_TENON_CHANNEL_RECEIVE  (h, buffer, size, timeout) -> the message's length; -EAGAIN none
 *                              before the timeout, -EMSGSIZE it is longer than size (it stays),
 *                              -EBADF, -EFAULT, -EIO
 */
#ifndef TENON_SYSCALL_H
#define TENON_SYSCALL_H

#include <stdint.h>

#define SYS_TENON_CHANNEL_SEND 0x1000
#define SYS_TENON_CHANNEL_RECEIVE 0x1001

#define TENON_PROCESS_CHANNELS 4
/* Payloads pass through a per-process bounce buffer of this size. */
#define TENON_CHANNEL_MESSAGE_MAX 4096u
#define TENON_CHANNEL_NO_WAIT 0ULL
#define TENON_CHANNEL_WAIT_FOREVER UINT64_MAX

#endif
