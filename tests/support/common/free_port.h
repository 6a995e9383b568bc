#pragma once
// A loopback port nobody listens on, for a server the test starts in another process.

#include <cstdint>

namespace lecter::testing {

/// A port on 127.0.0.1 that was free a moment ago (the system's pick for a socket bound to port 0).
std::uint16_t freeLoopbackPort();

}  // namespace lecter::testing
