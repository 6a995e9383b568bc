#pragma once
/// A VoteBoard whose other replicas' views the test sets; records every view this replica published.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lecter/coord/vote_board.h"

namespace lecter::testing {

class FakeVoteBoard final : public VoteBoard {
 public:
  /// Replica `identity` sees `outcomes` (TargetId::key() → outcome name) from now on.
  void setView(const std::string& identity, std::map<std::string, std::string> outcomes) {
    others_[identity] = ReplicaView{identity, std::move(outcomes)};
  }
  /// Replica `identity`'s view expired.
  void expire(const std::string& identity) { others_.erase(identity); }
  /// The board cannot be read (true) or can again (false).
  void setUnreadable(bool unreadable) { unreadable_ = unreadable; }

  std::optional<std::vector<ReplicaView>> exchange(const ReplicaView& mine,
                                                   std::chrono::milliseconds ttl) override {
    published_.push_back(mine);
    ttls_.push_back(ttl);
    if (unreadable_) return std::nullopt;
    std::vector<ReplicaView> views;
    for (const auto& [identity, view] : others_) views.push_back(view);
    return views;
  }

  [[nodiscard]] const std::vector<ReplicaView>& published() const { return published_; }
  [[nodiscard]] const std::vector<std::chrono::milliseconds>& ttls() const { return ttls_; }

 private:
  std::map<std::string, ReplicaView> others_;
  bool unreadable_ = false;
  std::vector<ReplicaView> published_;
  std::vector<std::chrono::milliseconds> ttls_;
};

}  // namespace lecter::testing
