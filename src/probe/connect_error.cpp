#include "lecter/probe/connect_error.h"

#include <cerrno>

namespace lecter {

ProbeOutcome outcomeOfConnectError(int error) {
  switch (error) {
    case 0:
      return ProbeOutcome::Up;
    // Linux reports a reset that arrives in SYN_SENT as ECONNREFUSED (tcp_reset() in
    // net/ipv4/tcp_input.c), so a reset during the handshake lands here. ECONNRESET and EPIPE
    // are only set once the socket has left SYN_SENT: the peer answered the SYN, the handshake
    // completed, and the peer hung up before we looked. That target is up.
    case ECONNREFUSED:
      return ProbeOutcome::Refused;
    case ECONNRESET:
    case EPIPE:
      return ProbeOutcome::Up;
    case EHOSTUNREACH:
    case ENETUNREACH:
    case EHOSTDOWN:
    case ENETDOWN:
      return ProbeOutcome::Unreachable;
    // Our side ran out of something or refused to send: nothing was learned about the target.
    // EAGAIN from a TCP connect() means no free ephemeral port (loopback port exhaustion).
    case EMFILE:
    case ENFILE:
    case ENOBUFS:
    case ENOMEM:
    case EADDRNOTAVAIL:
    case EADDRINUSE:
    case EAGAIN:
    case EAFNOSUPPORT:
    case EACCES:
    case EPERM:
    case EINVAL:
    case EBADF:
    case ENOTSOCK:
      return ProbeOutcome::LocalError;
    default:
      // ETIMEDOUT (the kernel gave up retrying the SYN), EPROTO, ECONNABORTED, …
      return ProbeOutcome::OtherError;
  }
}

ProbeOutcome outcomeOfSocketError(int /*error*/) { return ProbeOutcome::LocalError; }

}  // namespace lecter
