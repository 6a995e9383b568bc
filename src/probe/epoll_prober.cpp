#include "lecter/probe/epoll_prober.h"

#include <utility>

#include "exchange_factory.h"
#include "lecter/probe/fd_limit.h"
#include "probe_cycle.h"

namespace lecter {

EpollProber::EpollProber(const Clock& clock, std::size_t max_inflight)
    : clock_(clock), exchanges_(std::make_unique<ExchangeFactory>()) {
  const std::size_t open_file_limit = raiseOpenFileLimit();
  max_inflight_ = max_inflight != 0 ? max_inflight : inflightForOpenFileLimit(open_file_limit);
}

EpollProber::~EpollProber() = default;

std::vector<ProbeResult> EpollProber::probeAll(const std::vector<ProbeTarget>& targets,
                                               std::chrono::milliseconds timeout, ProbeCycleStats& stats) {
  StartOrder start;
  {
    std::lock_guard lock(order_mutex_);
    start = order_.orderFor(targets);
  }
  ProbeCycle cycle(clock_, targets, timeout, max_inflight_, interrupt_fd_, std::move(start.indexes),
                   exchanges_.get());
  std::vector<ProbeResult> results = cycle.run();
  stats = cycle.stats();
  stats.started_slow_first = start.slow_first;
  std::lock_guard lock(order_mutex_);
  order_.learn(targets, results);
  return results;
}

}  // namespace lecter
