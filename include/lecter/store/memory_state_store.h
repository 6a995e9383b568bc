#pragma once
/// StateStore in memory, for runs without Redis. Also what tests read back.

#include <map>
#include <string>
#include <vector>

#include "lecter/store/state_store.h"

namespace lecter {

class MemoryStateStore final : public StateStore {
 public:
  void record(const CycleRecord& cycle) override;
  std::vector<TargetRecord> restoreTargets() override;
  void keepOnly(const std::set<std::string>& targets, const std::set<std::string>& services) override;

  /// Keyed by "service/ip:port".
  [[nodiscard]] const std::map<std::string, TargetRecord>& targets() const { return targets_; }
  [[nodiscard]] const std::map<std::string, ServiceRecord>& services() const { return services_; }
  [[nodiscard]] const std::vector<TransitionRecord>& transitions() const { return transitions_; }

 private:
  std::map<std::string, TargetRecord> targets_;
  std::map<std::string, ServiceRecord> services_;
  std::vector<TransitionRecord> transitions_;
};

}  // namespace lecter
