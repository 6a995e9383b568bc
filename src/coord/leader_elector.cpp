#include "lecter/coord/leader_elector.h"

#include <utility>

#include "lecter/base/backoff.h"

namespace lecter {

LeaderElector::LeaderElector(LeasesApi& api, ObjectRef lease, std::string identity, LeaseTimings timings,
                             const Clock& clock, std::function<double()> random)
    : timings_(timings),
      clock_(clock),
      random_(random ? std::move(random) : machineRandom()),
      lock_(api, std::move(lease), std::move(identity), timings, clock) {}

LeaderElector::~LeaderElector() { stop(); }

void LeaderElector::start() { loop_.start(); }

std::chrono::milliseconds LeaderElector::tryOnce() {
  const bool held = lock_.tryAcquireOrRenew();
  {
    const std::lock_guard lock(mutex_);
    held_ = held;
    renewed_at_ = lock_.renewedAt();
    holder_ = lock_.observedHolder();
  }
  if (held) return timings_.retry_period;
  return jitteredRetry(timings_.retry_period, random_());
}

bool LeaderElector::leading() const {
  const std::lock_guard lock(mutex_);
  return held_ && clock_.now() - renewed_at_ < timings_.renew_deadline;
}

bool LeaderElector::renewalOverdue() const {
  const std::lock_guard lock(mutex_);
  return held_ && clock_.now() - renewed_at_ >= timings_.renew_deadline;
}

std::string LeaderElector::holder() const {
  const std::lock_guard lock(mutex_);
  return holder_;
}

void LeaderElector::stop() { loop_.stop(); }

void LeaderElector::release() {
  lock_.release();
  const std::lock_guard lock(mutex_);
  held_ = false;
  holder_ = lock_.observedHolder();
}

}  // namespace lecter
