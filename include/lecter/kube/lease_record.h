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

  bool operator==(const LeaseRecord&) const = default;
};

/// The record in `lease`, an answer answerProblem() found to be a usable Lease.
LeaseRecord leaseRecordOf(const nlohmann::json& lease);

/// The Lease object `ref` holding `record`, with its resourceVersion when it has one (a PUT that
/// only succeeds when nobody wrote since).
nlohmann::json leaseObject(const ObjectRef& ref, const LeaseRecord& record);

/// A MicroTime: RFC 3339 with six fractional digits, as the ApiServer takes it.
std::string microTime(long long unix_ms);

}  // namespace lecter
