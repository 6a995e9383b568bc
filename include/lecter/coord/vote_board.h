#pragma once
/// kubernetes_conf.leader_election.quorum: where the replicas' views of their targets meet. Each
/// replica publishes what its own probes saw every cycle, with a time-to-live, and reads the views the
/// others published that have not expired, so a view stops counting once its replica stops reporting.
/// The real board is in Redis (store/RedisVoteBoard).

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lecter {

/// What one replica's latest probes saw: TargetId::key() → the outcome's name (toString(ProbeOutcome));
/// a target it did not probe, or whose probe failed on its own side, is absent (it has no opinion).
struct ReplicaView {
  std::string identity;  // the replica's leader_election identity
  std::map<std::string, std::string> outcomes;

  bool operator==(const ReplicaView&) const = default;
};

class VoteBoard {
 public:
  virtual ~VoteBoard() = default;
  /// Publishes this replica's view for `ttl`, then returns the unexpired views of the other
  /// replicas; nullopt when they could not be read (the board is away, or answered what could not be
  /// read), which the caller must not take for "nobody else sees anything". Never throws; blocks at
  /// most the board's timeout per round trip.
  virtual std::optional<std::vector<ReplicaView>> exchange(const ReplicaView& mine,
                                                           std::chrono::milliseconds ttl) = 0;
};

}  // namespace lecter
