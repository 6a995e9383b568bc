#pragma once
/// Probes with non-blocking sockets and one epoll set: every probe of a cycle is in flight at the
/// same time, so k dead targets cost one timeout, not k. A target is probed by its TCP handshake, or
/// by its spec's kind (HTTP, HTTPS, TLS, gRPC, UDP) on the socket connected for it.

#include <cstddef>
#include <memory>
#include <mutex>

#include "lecter/base/clock.h"
#include "lecter/probe/probe_cycle_stats.h"
#include "lecter/probe/prober.h"
#include "lecter/probe/slow_first_order.h"

namespace lecter {

class ExchangeFactory;

class EpollProber final : public Prober {
 public:
  /// `max_inflight`: sockets open at once; 0 derives it from RLIMIT_NOFILE. Targets past it are
  /// probed in waves, each probe with its own full deadline.
  /// Should descriptors run out mid-cycle anyway, the targets left wait for running probes to end
  /// (smaller waves) instead of failing; only with nothing in flight is a probe a LocalError.
  /// Raises the process's soft RLIMIT_NOFILE to its hard limit (see fd_limit.h).
  /// `clock` times the deadlines and latencies.
  explicit EpollProber(const Clock& clock, std::size_t max_inflight = 0);
  ~EpollProber() override;
  EpollProber(const EpollProber&) = delete;
  EpollProber& operator=(const EpollProber&) = delete;
  /// Each call has its own epoll set and sockets, so calls from different threads do not interfere.
  /// Targets that timed out in the previous call are started first (slow_first_order.h).
  std::vector<ProbeResult> probeAll(const std::vector<ProbeTarget>& targets,
                                    std::chrono::milliseconds timeout, ProbeCycleStats& stats) override;
  using Prober::probeAll;

  /// A descriptor whose readability cuts a cycle short (the daemon's signalfd, so SIGTERM does not
  /// wait for a pingtimeout); unfinished probes then end as LocalError. -1: none.
  void setInterruptFd(int fd) { interrupt_fd_ = fd; }

  /// Sockets this prober keeps open at once at most.
  [[nodiscard]] std::size_t maxInflight() const { return max_inflight_; }

 private:
  const Clock& clock_;
  std::size_t max_inflight_;
  int interrupt_fd_ = -1;
  std::mutex order_mutex_;
  SlowFirstOrder order_;
  std::unique_ptr<ExchangeFactory> exchanges_;  // shared by the cycles: TLS contexts last
};

}  // namespace lecter
