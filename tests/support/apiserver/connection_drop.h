#pragma once
/// Dropping a connection from inside an HTTP handler, as a crashed or overloaded apiserver (or a load
/// balancer in front of it) does: the client sees the connection close with no response at all.

#include <cstdint>

namespace lecter::testing {

/// This process's descriptor of the TCP connection from local port `local_port` to the peer's
/// `peer_port`, or -1 when there is none. The caller must know that its owner keeps it open meanwhile.
int connectionDescriptor(std::uint16_t local_port, int peer_port);

/// Closes this process's TCP connection from local port `local_port` to the peer's `peer_port`
/// (the one the calling handler serves) without sending anything. The descriptor number stays valid
/// (it is pointed at /dev/null) so the HTTP library's later writes and close are harmless. Returns
/// false when no such connection was found.
bool dropConnection(std::uint16_t local_port, int peer_port);

}  // namespace lecter::testing
