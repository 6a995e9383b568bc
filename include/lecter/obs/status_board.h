#pragma once
/// What the status page, /status.json and `lecter status` show: every target's state, since when, its
/// last error and latency, with the latencies of the last cycles for a sparkline, and a summary per
/// service. The cycle's thread records; the listener's threads take snapshots.

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace lecter {

/// One cycle's probe of a target, for the sparkline.
struct StatusSample {
  long long latency_us = 0;
  bool up = false;  // the probe succeeded
};

struct StatusTarget {
  std::string service;                   // the service key of the config
  std::string name;                      // iplist[].name
  std::string address;                   // "ip:port" or "[ip]:port"
  std::string state;                     // "healthy", "unhealthy" or "pending"
  long long since_ms = 0;                // Unix ms of the last state change; 0: none seen yet
  std::string outcome;                   // of the last probe ("up", "refused", "timeout"…); "" when unknown
  std::string error;                     // of the last failed probe
  long long latency_us = 0;              // of the last probe
  std::string probe = "tcp";             // its probe's kind: tcp, http, https, tls, grpc, udp
  std::optional<double> cert_days_left;  // TLS kinds: days left on the certificate last shown
  std::vector<StatusSample> history;     // oldest first, the last one is the latest probe
};

struct StatusService {
  std::string service;
  std::size_t healthy = 0;
  std::size_t targets = 0;
  std::string sync;    // the last cycle's outcome for the service ("in-sync", "written", "failed"…)
  std::string detail;  // why it was written or why it failed
};

/// Which replica writes (kubernetes_conf.leader_election): what one asks first of several replicas.
struct StatusElection {
  std::string identity;  // this replica's holderIdentity
  bool leading = false;  // it holds the Lease and writes
  std::string leader;    // the holder last seen; "" when none
  /// kubernetes_conf.shards > 1 (0 without): the shards there are, those this replica owns and writes
  /// the services of, and the replicas seen alive.
  std::size_t shards = 0;
  std::vector<std::size_t> owned_shards;
  std::size_t replicas = 0;
};

struct StatusSnapshot {
  long long generated_ms = 0;              // Unix ms of the cycle shown; 0: no cycle has ended yet
  std::string version;                     // of the lecter that made it
  std::optional<StatusElection> election;  // none without leader election
  std::vector<StatusTarget> targets;       // in config order
  std::vector<StatusService> services;     // in config order

  /// True when every service has at least one healthy target (what `lecter status` exits 0 on).
  [[nodiscard]] bool everyServiceHealthy() const;
};

/// "this replica (ID) leads and writes", or "this replica (ID) follows; LEADER writes".
std::string electionLine(const StatusElection& election);

/// The summary of each service from its targets, in the order the services first appear.
std::vector<StatusService> summarizeServices(const std::vector<StatusTarget>& targets);

class StatusBoard {
 public:
  /// Keeps the latencies of the last `history_cycles` cycles of each target.
  explicit StatusBoard(std::string version, std::size_t history_cycles = 30);

  /// One ended cycle. `targets` carry no history: the board appends their latest probe to what it
  /// kept of each (by service and address), and forgets targets no longer listed. An empty list
  /// (a cycle cut short) keeps the last one.
  void recordCycle(std::vector<StatusTarget> targets, std::vector<StatusService> services, long long at_ms);

  /// This replica's role, as of the cycle about to run.
  void setElection(StatusElection election);

  [[nodiscard]] StatusSnapshot snapshot() const;

 private:
  const std::size_t history_cycles_;
  mutable std::mutex mutex_;
  StatusSnapshot current_;
};

}  // namespace lecter
