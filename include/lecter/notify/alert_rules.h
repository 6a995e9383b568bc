#pragma once
/// Which alerts fire after a cycle, read from its report: a target that is unhealthy, a service
/// with none healthy, a service whose writes have failed for notify.write_failure_after, the
/// partition guard holding. Level, not edge: the alerts follow the state, so a restart that restored
/// the state finds the same alerts firing. Pure but for the time each failure started.

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "lecter/config/config.h"
#include "lecter/notify/alert.h"
#include "lecter/reconcile/reconciler.h"

namespace lecter {

class AlertRules {
 public:
  explicit AlertRules(const Config& config);

  /// The alerts firing after `report`'s cycle, which ended at `now_ms`. A cycle cut short (no
  /// targets) changes nothing.
  std::vector<Alert> evaluate(const CycleReport& report, long long now_ms);
  /// When the alerts that fired before the last evaluate() and no longer do ended, where the report
  /// says (a target's way back: the transition's time), by Alert::key().
  [[nodiscard]] const std::map<std::string, long long>& endedAt() const { return ended_; }

  /// Takes over when writes started failing, when the guard started holding and what fired (for
  /// services that remain), from the rules of the config this one replaces.
  void takeOver(const AlertRules& previous);

 private:
  struct ServiceNames {
    std::string ns;
    std::string name;
  };
  struct Failing {
    long long since_ms = 0;
    std::string detail;
  };

  [[nodiscard]] Alert forService(AlertEvent event, const std::string& service) const;

  std::map<std::string, ServiceNames> names_;  // by service key
  std::chrono::milliseconds write_failure_after_;
  std::map<std::string, Failing> failing_;  // services whose writes fail, by key
  long long guard_since_ms_ = 0;            // 0: the partition guard is not holding
  std::vector<Alert> last_;
  std::map<std::string, long long> ended_;
};

}  // namespace lecter
