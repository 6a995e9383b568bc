#pragma once
/// TCP connect probes with non-blocking sockets and one epoll set: every probe of a cycle is in flight
/// at the same time, so k dead targets cost one timeout, not k.

#include <cstddef>

#include "lecter/probe/prober.h"

namespace lecter {

class EpollProber final : public Prober {
 public:
  /// `max_inflight`: sockets open at once; 0 derives it from RLIMIT_NOFILE. Targets past it are
  /// probed in waves, each probe with its own full deadline.
  explicit EpollProber(std::size_t max_inflight = 0);
  std::vector<ProbeResult> probeAll(const std::vector<ProbeTarget>& targets,
                                    std::chrono::milliseconds timeout) override;

 private:
  std::size_t max_inflight_;
};

}  // namespace lecter
