#pragma once
/// A Prober whose outcomes the test sets per ip:port; records every cycle it was asked to run.

#include <map>
#include <string>
#include <vector>

#include "lecter/probe/prober.h"

namespace lecter::testing {

class FakeProber final : public Prober {
 public:
  /// Outcome for ip:port from now on (targets never set are Up).
  void set(const std::string& ip, std::uint16_t port, ProbeOutcome outcome) {
    outcomes_[ip + ":" + std::to_string(port)] = outcome;
  }

  using Prober::probeAll;
  std::vector<ProbeResult> probeAll(const std::vector<ProbeTarget>& targets,
                                    std::chrono::milliseconds timeout, ProbeCycleStats& stats) override {
    stats.peak_in_flight = targets.size();  // all at once, as the real one with room for them
    cycles_.push_back(targets);
    timeouts_.push_back(timeout);
    std::vector<ProbeResult> results;
    for (const auto& t : targets) {
      const auto it = outcomes_.find(t.ip.text + ":" + std::to_string(t.port));
      const ProbeOutcome outcome = it == outcomes_.end() ? ProbeOutcome::Up : it->second;
      results.push_back(ProbeResult{outcome, std::chrono::microseconds(250),
                                    outcome == ProbeOutcome::Up ? "" : std::string(toString(outcome))});
    }
    return results;
  }

  [[nodiscard]] const std::vector<std::vector<ProbeTarget>>& cycles() const { return cycles_; }
  [[nodiscard]] const std::vector<std::chrono::milliseconds>& timeouts() const { return timeouts_; }

 private:
  std::map<std::string, ProbeOutcome> outcomes_;
  std::vector<std::vector<ProbeTarget>> cycles_;
  std::vector<std::chrono::milliseconds> timeouts_;
};

}  // namespace lecter::testing
