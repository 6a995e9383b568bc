#pragma once
// Open targets for the bench whose accepting costs nothing while a cycle is timed. The kernel
// completes every handshake into a deep accept queue on its own; accept() and close() wait for
// drain(), which the bench calls between cycles. Loopback targets share the prober's two cores,
// and a remote target's accept() never runs on the prober's machine, so running them during the
// cycle would only blur the prober's figures.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace lecter::bench {

class DeferredAcceptListeners {
 public:
  /// `count` listeners on ephemeral ports of 0.0.0.0, each with the deepest backlog the kernel
  /// allows (net.core.somaxconn). Throws std::runtime_error naming the call that failed.
  explicit DeferredAcceptListeners(std::size_t count);
  ~DeferredAcceptListeners();
  DeferredAcceptListeners(const DeferredAcceptListeners&) = delete;
  DeferredAcceptListeners& operator=(const DeferredAcceptListeners&) = delete;

  [[nodiscard]] const std::vector<std::uint16_t>& ports() const { return ports_; }
  /// Accepts and closes every connection queued so far; returns how many there were.
  std::size_t drain();

 private:
  std::vector<int> listeners_;
  std::vector<std::uint16_t> ports_;
};

/// net.core.somaxconn: the deepest accept queue a listener can have (4096 when unreadable).
std::size_t maxAcceptBacklog();

}  // namespace lecter::bench
