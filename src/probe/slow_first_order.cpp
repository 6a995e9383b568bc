#include "lecter/probe/slow_first_order.h"

namespace lecter {

std::string SlowFirstOrder::keyOf(const ProbeTarget& target) {
  std::string key = target.ip.text;
  key += '|';
  key += std::to_string(target.port);
  return key;
}

StartOrder SlowFirstOrder::orderFor(const std::vector<ProbeTarget>& targets) const {
  StartOrder start;
  std::vector<std::uint32_t>& order = start.indexes;
  order.reserve(targets.size());
  std::vector<std::uint32_t> rest;
  rest.reserve(slow_.empty() ? 0 : targets.size());
  for (std::uint32_t i = 0; i < targets.size(); ++i) {
    if (slow_.empty() || !slow_.contains(keyOf(targets[i]))) {
      (slow_.empty() ? order : rest).push_back(i);
    } else {
      order.push_back(i);
    }
  }
  if (!slow_.empty()) start.slow_first = order.size();
  order.insert(order.end(), rest.begin(), rest.end());
  return start;
}

void SlowFirstOrder::learn(const std::vector<ProbeTarget>& targets, const std::vector<ProbeResult>& results) {
  slow_.clear();
  for (std::size_t i = 0; i < targets.size() && i < results.size(); ++i) {
    if (results[i].outcome == ProbeOutcome::Timeout) slow_.insert(keyOf(targets[i]));
  }
}

}  // namespace lecter
