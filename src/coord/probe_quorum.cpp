#include "lecter/coord/probe_quorum.h"

#include <array>
#include <utility>

namespace lecter {

ProbeQuorum::ProbeQuorum(std::optional<std::vector<ReplicaView>> others) : others_(std::move(others)) {}

QuorumVerdict ProbeQuorum::decide(const std::string& key, ProbeOutcome own) const {
  QuorumVerdict verdict;
  if (!others_) {
    // No votes: an "up" seen from here is still an up; a failure seen from here alone is held.
    verdict.counted = own == ProbeOutcome::Up ? own : ProbeOutcome::LocalError;
    verdict.voters = own == ProbeOutcome::LocalError ? 0 : 1;
    verdict.down = isTargetDown(own) ? 1 : 0;
    return verdict;
  }
  std::array<int, kProbeOutcomeCount> failures_of_others{};
  const auto vote = [&verdict](ProbeOutcome outcome) {
    if (outcome == ProbeOutcome::LocalError) return false;
    ++verdict.voters;
    if (isTargetDown(outcome)) ++verdict.down;
    return isTargetDown(outcome);
  };
  vote(own);
  for (const ReplicaView& view : *others_) {
    const auto it = view.outcomes.find(key);
    if (it == view.outcomes.end()) continue;
    const std::optional<ProbeOutcome> outcome = probeOutcomeFromString(it->second);
    if (!outcome) continue;  // a name this version does not know: no opinion
    if (vote(*outcome)) ++failures_of_others[static_cast<std::size_t>(*outcome)];
  }
  if (verdict.voters == 0) return verdict;
  if (verdict.down * 2 <= verdict.voters) {
    verdict.counted = ProbeOutcome::Up;
    return verdict;
  }
  if (isTargetDown(own)) {
    verdict.counted = own;
    return verdict;
  }
  std::size_t most = 0;
  for (std::size_t i = 1; i < kProbeOutcomeCount; ++i) {
    if (failures_of_others[i] > failures_of_others[most]) most = i;
  }
  verdict.counted = static_cast<ProbeOutcome>(most);
  return verdict;
}

std::string describeVote(const QuorumVerdict& verdict) {
  if (verdict.voters == 0) return "not counted: no replica could probe it";
  if (verdict.counted == ProbeOutcome::LocalError)
    return "not counted: no vote of the other replicas could be read";
  const bool down = isTargetDown(verdict.counted);
  return std::string(down ? "down" : "up") + " for " +
         std::to_string(down ? verdict.down : verdict.voters - verdict.down) + " of " +
         std::to_string(verdict.voters) + (verdict.voters == 1 ? " replica" : " replicas");
}

}  // namespace lecter
