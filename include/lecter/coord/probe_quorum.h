#pragma once
/// kubernetes_conf.leader_election.quorum: what the health step counts for a target, given this
/// replica's own probe and the views the other replicas published (VoteBoard). Pure.
///
/// - The voters of a target are the replicas with an opinion on it: this one (unless its probe failed
///   on its own side) and every other whose unexpired view names it.
/// - The target counts as down only when more than half of its voters saw it down; a tie counts it up,
///   so a replica whose own network breaks cannot empty a Service, and neither can half of them.
/// - Down, the outcome counted is this replica's own failure, or else the failure most of the others
///   saw; up, it is Up, also when this replica's own probe failed.
/// - When the others' views could not be read, this replica's own "up" still counts, but its own
///   failures count for nothing (the target keeps its state): without the votes, a failure seen from
///   here alone is exactly what the quorum is there to doubt.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "lecter/coord/vote_board.h"
#include "lecter/probe/probe_result.h"

namespace lecter {

struct QuorumVerdict {
  ProbeOutcome counted = ProbeOutcome::LocalError;  // LocalError: nothing is counted
  int voters = 0;                                   // replicas with an opinion, this one included
  int down = 0;                                     // of them, those that saw the target down
  /// This replica saw the target down and the quorum did not count it (outvoted, or no votes read).
  [[nodiscard]] bool overruledDown(ProbeOutcome own) const {
    return isTargetDown(own) && !isTargetDown(counted);
  }
};

class ProbeQuorum {
 public:
  /// `others`: the other replicas' unexpired views; nullopt when they could not be read.
  explicit ProbeQuorum(std::optional<std::vector<ReplicaView>> others);

  /// The vote on the target `key` (TargetId::key()) whose probe from here ended in `own`.
  [[nodiscard]] QuorumVerdict decide(const std::string& key, ProbeOutcome own) const;

  /// Whether the others' views were read.
  [[nodiscard]] bool votesRead() const { return others_.has_value(); }
  /// The replicas whose views were read, this one included (1 when none could be read).
  [[nodiscard]] std::size_t replicasReporting() const { return others_ ? others_->size() + 1 : 1; }

 private:
  std::optional<std::vector<ReplicaView>> others_;
};

/// "up for 2 of 3 replicas" / "down for 3 of 3 replicas": the vote, for logs and records.
std::string describeVote(const QuorumVerdict& verdict);

}  // namespace lecter
