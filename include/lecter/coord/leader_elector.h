#pragma once
/// Runs a LeaseLock on a thread of its own, so renewals keep their pace whatever the cycle does (a
/// burst of writes, a slow probe round), and answers, from any thread, whether this replica may write
/// now. That answer is judged by the clock at the moment it is asked: a renewal that hangs on a
/// partitioned network cannot keep a replica writing past renew_deadline.

#include <chrono>
#include <functional>
#include <mutex>
#include <string>

#include "lecter/coord/lease_lock.h"
#include "lecter/coord/retry_loop.h"

namespace lecter {

class LeaderElector {
 public:
  /// `random`: numbers in [0, 1) for a follower's jitter; empty: the machine's.
  LeaderElector(LeasesApi& api, ObjectRef lease, std::string identity, LeaseTimings timings,
                const Clock& clock, std::function<double()> random = {});
  ~LeaderElector();  // stop(); never releases (release() is the caller's, once its writes are over)
  LeaderElector(const LeaderElector&) = delete;
  LeaderElector& operator=(const LeaderElector&) = delete;

  /// Starts the thread that tries every retry period.
  void start();
  /// One try on the caller's thread, as the thread makes them; returns the wait before the next one:
  /// retry_period while leading, a little less at random while following (replicas that started
  /// together do not keep asking in step, and a lapsed lease is still taken within one retry period).
  std::chrono::milliseconds tryOnce();
  /// This replica holds the Lease and renewed it within renew_deadline, by the clock now.
  [[nodiscard]] bool leading() const;
  /// The last try kept the Lease, but renew_deadline has passed since without a renewal (a try that
  /// hangs, a partition): this replica stops writing before it knows more.
  [[nodiscard]] bool renewalOverdue() const;
  /// The holder last seen, "" when none.
  [[nodiscard]] std::string holder() const;
  // Fixed at construction: read from any thread.
  [[nodiscard]] const std::string& identity() const { return lock_.identity(); }
  [[nodiscard]] const ObjectRef& lease() const { return lock_.lease(); }

  /// Ends the thread; a try in flight first ends as its request does.
  void stop();
  /// Gives the Lease up when held (stop() first): a follower takes it at its next try.
  void release();

 private:
  const LeaseTimings timings_;
  const Clock& clock_;
  std::function<double()> random_;
  // Tried by one thread at a time: the elector's, or the caller's before start() and after stop().
  LeaseLock lock_;

  mutable std::mutex mutex_;
  bool held_ = false;  // as of the last try
  SteadyTime renewed_at_{};
  std::string holder_;
  RetryLoop loop_{[this] { return tryOnce(); }};  // last: its thread ends before the rest goes
};

}  // namespace lecter
