#pragma once
/// lecter's metrics, named for what they count. The cycle's edge (app) feeds them from each
/// CycleReport, the ApiServer client from each answer; PrometheusMetrics exposes them. Every label
/// value comes from the config or from a fixed set (outcomes, verbs, codes), so the series are bounded
/// by the config.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lecter {

/// One target's labels: its service key, its name (iplist[].name) and ip:port.
struct TargetLabels {
  std::string service;
  std::string target;
  std::string address;
};

struct TargetUp {
  TargetLabels labels;
  /// Healthy or not; none while its state is pending (not enough probes yet): then it has no sample.
  std::optional<bool> up;
  /// TLS kinds: days left on the certificate its last probe was shown; none: no series.
  std::optional<double> cert_days_left;
};

class Metrics {
 public:
  virtual ~Metrics() = default;
  /// Every target's state (and certificate's days left) after a cycle; targets not listed (gone from
  /// the config) lose their series.
  virtual void setTargets(const std::vector<TargetUp>& targets) = 0;
  /// One probe of `kind` (toString(ProbeKind)): `outcome` is toString(ProbeOutcome), in lower case.
  virtual void countProbe(std::string_view service, std::string_view kind, std::string_view outcome,
                          double seconds) = 0;
  /// A target became healthy ("up") or unhealthy ("down").
  virtual void countTransition(std::string_view service, std::string_view direction) = 0;
  /// A write of `kind` ("endpoints" or "endpointslice") that ended in `result` ("success", "failure").
  virtual void countWrite(std::string_view service, std::string_view kind, std::string_view result) = 0;
  /// A probe that failed on lecter's own side (no file descriptor, no source address).
  virtual void countLocalProbeError() = 0;
  /// An ApiServer request and its answer's code (0: no answer).
  virtual void countApiServerRequest(std::string_view verb, int code, double seconds) = 0;
  /// A cycle ended after `seconds`, at `unix_seconds`.
  virtual void cycleEnded(double seconds, double unix_seconds) = 0;
  /// A reload of the config file, taken or refused.
  virtual void countConfigReload(bool taken) = 0;
  /// The most probes one cycle had in flight at once.
  virtual void setProbesInFlightMax(std::size_t probes) = 0;
  /// Whether Redis took the last cycle's record.
  virtual void setRedisUp(bool up) = 0;
  /// Whether this replica leads (kubernetes_conf.leader_election) and so writes.
  virtual void setLeader(bool leading) = 0;
  /// How many shard Leases this replica owns (kubernetes_conf.shards > 1).
  virtual void setShardsHeld(std::size_t shards) = 0;
  /// kubernetes_conf.leader_election.quorum: how many replicas' views counted in the last vote on each
  /// service's targets (this replica's own included), by service key; services not listed lose their
  /// series.
  virtual void setQuorumVotes(const std::map<std::string, int>& votes_by_service) = 0;
  /// A watch of `resource` ("services", "endpoints", "endpointslices") that had to start again:
  /// `reason` "ended" (the server closed it), "expired" (410: listed again) or "failed".
  virtual void countWatchRestart(std::string_view resource, std::string_view reason) = 0;
  /// One try at a message to `receiver`: `result` "sent", "failed" (each failed try, retried later) or
  /// "dropped" (a waiting group pushed out of a full queue; its next look tells it again).
  virtual void countNotification(std::string_view receiver, std::string_view result) = 0;
  /// How many groups wait to be told to `receiver`.
  virtual void setNotificationQueueLength(std::string_view receiver, std::size_t length) = 0;
};

}  // namespace lecter
