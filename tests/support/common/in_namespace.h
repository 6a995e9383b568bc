#pragma once
// Runs a function with this process's network namespace swapped for another: sockets made in it
// (a server's listener) belong to that namespace for good, whichever thread uses them later.

#include <functional>
#include <string>

namespace lecter::testing {

/// Calls `make` on a helper thread joined to the network namespace at `netns_path`
/// (/run/netns/NAME), or on this thread when the path is empty, and waits for it. Rethrows what
/// `make` throws; throws std::runtime_error when the namespace cannot be joined.
void runInNetworkNamespace(const std::string& netns_path, const std::function<void()>& make);

}  // namespace lecter::testing
