#pragma once
// The few socket calls one probe makes, so the cycle reads as a state machine and not as syscalls.
// Private to the probe module.

#include <sys/socket.h>

#include <optional>
#include <string>

#include "lecter/probe/probe_result.h"

namespace lecter::probe_socket {

/// A target's address, ready for connect().
struct SocketAddress {
  sockaddr_storage storage{};
  socklen_t length = 0;
};

/// The target as a sockaddr_in / sockaddr_in6; nullopt when its text is not an IP literal.
std::optional<SocketAddress> addressOf(const ProbeTarget& target);

/// What starting a connect produced.
struct Started {
  int fd = -1;                 // the socket, when one was made (still owned by the caller)
  int error = 0;               // errno of the failed call, 0 when none failed
  bool socket_failed = false;  // socket() itself failed: fd is -1
  bool in_progress = false;    // EINPROGRESS: wait for EPOLLOUT
};

/// connect() on `reuse_fd` (an unconnected stream socket of the address's family, see
/// disconnect()) or, when it is -1, on a new socket(SOCK_NONBLOCK | SOCK_CLOEXEC), a datagram one
/// when `datagram`. Completed (error 0, not in progress), failed at once (error set), or in
/// progress. A datagram socket's connect only sets its peer: it completes at once.
Started startConnect(const SocketAddress& address, int reuse_fd = -1, bool datagram = false);

/// Ends whatever the socket's connect reached and leaves it unconnected, ready for another
/// connect(): connect(AF_UNSPEC). A connected socket is reset (an RST, as closeWithReset() sends),
/// so neither side keeps it in TIME_WAIT. Reusing the socket spares a socket() and a close(), the
/// larger part of a probe's cost. False when the socket cannot be reused: close it.
bool disconnect(int fd);

/// SO_ERROR of a socket whose connect finished: 0 when connected, else the errno.
int pendingError(int fd);

/// Closes with SO_LINGER {1, 0}: a connected socket is reset instead of shut down, so it never
/// waits in TIME_WAIT on our side (HAProxy's tcp-check does the same). Unconnected sockets just close.
void closeWithReset(int fd);

/// Closes a socket whose connect failed: it never connected, so there is nothing to reset and
/// no SO_LINGER call to pay for.
void closeFailed(int fd);

/// closeWithReset() when the socket is or may have become connected, else closeFailed().
void closeAfterProbe(int fd, bool may_be_connected);

/// strerror text of `error`, safe from any thread.
std::string errorText(int error);

}  // namespace lecter::probe_socket
