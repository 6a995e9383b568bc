#pragma once
/// Where lecter records what it sees: per-target state, per-service last write, and every transition.
/// The real one is RedisStateStore; without storage_conf it is MemoryStateStore.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lecter/health/health_tracker.h"
#include "lecter/health/target_id.h"

namespace lecter {

struct TargetRecord {
  std::string service;  // the service key of the config
  std::string name;     // iplist[].name
  std::string ip;
  std::uint16_t port = 0;
  HealthState state = HealthState::Pending;
  int consecutive_up = 0;
  int consecutive_down = 0;
  long long last_change_ms = 0;    // Unix ms of the last state change, 0 when none yet
  std::string last_outcome;        // toString(ProbeOutcome) of the last probe
  std::string last_error;          // error text of the last failed probe
  long long latency_us = 0;        // of the last probe
  std::string probe_kind = "tcp";  // toString(ProbeKind) of its probe
  /// TLS kinds: days the certificate shown in the last probe had left; none for other kinds.
  std::optional<double> cert_days_left;
};

struct ServiceRecord {
  std::string service;  // the service key of the config
  std::string ns;
  std::string name;
  std::vector<std::string> addresses;  // the ready addresses last written (or found in sync)
  std::string resource_version;
  long long written_ms = 0;  // Unix ms of the last write, 0 when none yet
};

struct TransitionRecord {
  std::string service;
  std::string target;  // name
  std::string ip;
  std::uint16_t port = 0;
  HealthState from = HealthState::Pending;
  HealthState to = HealthState::Pending;
  std::string outcome;  // the probe outcome that made it
  std::string error;
  long long at_ms = 0;
};

/// Everything one cycle has to record.
struct CycleRecord {
  std::vector<TargetRecord> targets;
  std::vector<ServiceRecord> services;
  std::vector<TransitionRecord> transitions;
};

class StateStore {
 public:
  virtual ~StateStore() = default;
  /// Records a cycle. Never throws and never blocks for long: while the backend is away the latest
  /// state is kept and transitions are queued (bounded), then written once it is back.
  virtual void record(const CycleRecord& cycle) = 0;
  /// The targets saved by an earlier run, so a restart keeps rise/fall counts. Empty when none.
  virtual std::vector<TargetRecord> restoreTargets() = 0;
  /// Removes the records of every target and service not among these (taken out of the config), so
  /// that the store shows no machine lecter no longer watches. `targets` holds TargetId::key()s,
  /// `services` service keys. Only lecter's own records; never blocks for long, and a backend that
  /// cannot be reached is left as it is (the next start or reload tries again).
  virtual void keepOnly(const std::set<std::string>& targets, const std::set<std::string>& services) = 0;
  /// Whether the backend takes what is recorded now; none for a store without one (in memory).
  [[nodiscard]] virtual std::optional<bool> backendUp() const { return std::nullopt; }
};

}  // namespace lecter
