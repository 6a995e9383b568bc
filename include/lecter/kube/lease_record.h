#pragma once
/// A Lease as leader election reads and writes it (client-go's LeaderElectionRecord), and the object
/// that carries it.

#include <string>

#include <nlohmann/json.hpp>

#include "lecter/kube/kube_result.h"

namespace lecter {

struct LeaseRecord {
  std::string holder;              // spec.holderIdentity; empty: nobody (released)
  long long lease_duration_s = 0;  // spec.leaseDurationSeconds
  std::string acquire_time;        // spec.acquireTime (MicroTime), as written
  std::string renew_time;          // spec.renewTime
  long long transitions = 0;       // spec.leaseTransitions
  std::string resource_version;    // metadata.resourceVersion of the object read

  /// The same election record (client-go compares only these): a change of the object's labels or
  /// annotations alone is no sign of life from its holder.
  [[nodiscard]] bool sameHolding(const LeaseRecord& other) const {
    return holder == other.holder && lease_duration_s == other.lease_duration_s &&
           acquire_time == other.acquire_time && renew_time == other.renew_time &&
           transitions == other.transitions;
  }
};

/// The record in `lease`, an answer answerProblem() found to be a usable Lease. Durations and counts
/// are clamped to what the ApiServer stores (int32), so no arithmetic on them can overflow.
LeaseRecord leaseRecordOf(const nlohmann::json& lease);

/// The Lease object `ref` holding `record`: `read` (the object as last read, so its labels,
/// annotations and other fields stay) with the election fields and resourceVersion of `record` (a PUT
/// that only succeeds when nobody wrote since).
nlohmann::json leaseObject(const ObjectRef& ref, const LeaseRecord& record,
                           nlohmann::json read = nlohmann::json::object());

/// A MicroTime: RFC 3339 with six fractional digits, as the ApiServer takes it.
std::string microTime(long long unix_ms);

}  // namespace lecter
