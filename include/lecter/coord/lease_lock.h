#pragma once
/// One coordination.k8s.io/v1 Lease held the way client-go's leader election holds it: take it when
/// nobody holds it or its holder stopped renewing, renew it every retry_period, and know, by this
/// process's own clock, when it may no longer act as the holder. Expiry is judged by when this
/// process last saw the record change, not by the times written in it (another machine's clock may
/// be off). There is no fencing, so the holder stops acting renew_deadline after the start of its last
/// successful renewal — before the lease can lapse for anyone else (lease_duration > renew_deadline).

#include <chrono>
#include <optional>
#include <string>

#include "lecter/base/clock.h"
#include "lecter/kube/lease_record.h"
#include "lecter/kube/leases_api.h"

namespace lecter {

struct LeaseTimings {
  std::chrono::milliseconds lease_duration{15000};
  std::chrono::milliseconds renew_deadline{10000};
  std::chrono::milliseconds retry_period{2000};
};

/// How long `record` lasts from when it was seen to change: its leaseDurationSeconds, or `fallback`
/// when it names none.
inline std::chrono::milliseconds leaseSpanOf(const LeaseRecord& record, std::chrono::milliseconds fallback) {
  return record.lease_duration_s > 0 ? std::chrono::milliseconds(record.lease_duration_s * 1000) : fallback;
}

/// A try's wait while not holding: between three quarters of `retry_period` and a whole one
/// (`random` in [0, 1)), so replicas that started together do not keep asking in step.
inline std::chrono::milliseconds jitteredRetry(std::chrono::milliseconds retry_period, double random) {
  return std::chrono::milliseconds(
      static_cast<long long>(static_cast<double>(retry_period.count()) * (0.75 + 0.25 * random)));
}

class LeaseLock {
 public:
  LeaseLock(LeasesApi& api, ObjectRef lease, std::string identity, LeaseTimings timings, const Clock& clock);

  /// One try at taking or renewing the Lease (client-go's tryAcquireOrRenew): one GET and, when it is
  /// this process's to take or renew, one write. Returns held().
  bool tryAcquireOrRenew();
  /// This process holds the Lease and renewed it within renew_deadline: it may act as the holder.
  [[nodiscard]] bool held() const;
  /// Gives the Lease up when it is held (an empty holder), so another replica takes it at its next
  /// try instead of waiting lease_duration.
  void release();

  /// Labels a Lease this process creates carries (the shards' Leases, found by one list).
  void labelCreated(nlohmann::json labels) { labels_ = std::move(labels); }
  /// The Lease as a list of the collection showed it (nullptr: not there), for a Lease this process
  /// does not hold: its record counts as seen now when it changed, as a read's would.
  void observeListed(const nlohmann::json* object);
  /// This process does not hold the Lease, and nobody does by what it saw: none made, released, or
  /// its holder has not renewed for a lease duration by this process's clock.
  [[nodiscard]] bool takeable() const;
  /// This process took the Lease and has not let it go (held() or overdue: a try renews it).
  [[nodiscard]] bool claimed() const { return leading_; }

  /// The holder last seen ("" when none), for logs and /status.
  [[nodiscard]] const std::string& observedHolder() const;
  /// When the last successful renewal was sent (held() runs renew_deadline from there).
  [[nodiscard]] SteadyTime renewedAt() const { return renewed_at_; }
  [[nodiscard]] const ObjectRef& lease() const { return lease_; }
  [[nodiscard]] const std::string& identity() const { return identity_; }

 private:
  /// Keeps `object` (read or written) as the Lease now; its election record counts as seen at `now`
  /// when it differs from the one seen before.
  void observe(const nlohmann::json& object, SteadyTime now);
  bool write(const LeaseRecord& record, bool create, SteadyTime started);
  void noteLeadership(bool leading, const char* why);
  /// held(), after saying so when the renew deadline passed since the last try.
  bool stillHeld();
  /// Whether `answer` is a usable Lease; warns when it is not.
  [[nodiscard]] bool readable(const KubeResult& answer) const;

  LeasesApi& api_;
  ObjectRef lease_;
  std::string identity_;
  LeaseTimings timings_;
  const Clock& clock_;
  std::optional<LeaseRecord> observed_;
  nlohmann::json observed_object_;  // the Lease as last read: a PUT keeps what else it holds
  nlohmann::json labels_;           // for a create; null: none
  SteadyTime observed_at_{};
  bool leading_ = false;
  SteadyTime renewed_at_{};  // when the last successful renewal was sent
};

}  // namespace lecter
