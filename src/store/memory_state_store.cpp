#include "lecter/store/memory_state_store.h"

namespace lecter {

namespace {
// Enough history to read back in tests and --once runs without growing forever.
constexpr std::size_t kMaxTransitions = 10000;
}  // namespace

void MemoryStateStore::record(const CycleRecord& cycle) {
  for (const auto& t : cycle.targets) targets_[TargetId{t.service, t.ip, t.port}.key()] = t;
  for (const auto& s : cycle.services) services_[s.service] = s;
  for (const auto& tr : cycle.transitions) transitions_.push_back(tr);
  if (transitions_.size() > kMaxTransitions) {
    transitions_.erase(
        transitions_.begin(),
        transitions_.begin() + static_cast<std::ptrdiff_t>(transitions_.size() - kMaxTransitions));
  }
}

std::vector<TargetRecord> MemoryStateStore::restoreTargets() {
  std::vector<TargetRecord> out;
  out.reserve(targets_.size());
  for (const auto& [key, t] : targets_) out.push_back(t);
  return out;
}

void MemoryStateStore::keepOnly(const std::set<std::string>& targets, const std::set<std::string>& services) {
  std::erase_if(targets_, [&](const auto& entry) { return !targets.contains(entry.first); });
  std::erase_if(services_, [&](const auto& entry) { return !services.contains(entry.first); });
}

}  // namespace lecter
