#pragma once
/// What /healthz and /readyz answer. Alive while cycles complete: the last one ended (or lecter
/// started) within the allowed gap, 3 × (interval + pingtimeout), so a cycle stuck on a hung
/// ApiServer or a deadlock shows as 503 and the kubelet restarts the pod. Ready once the config is
/// loaded and the ApiServer has answered. Written by the cycle's thread, read by the listener's.

#include <chrono>
#include <mutex>
#include <optional>
#include <string>

#include "lecter/base/clock.h"

namespace lecter {

struct CheckAnswer {
  bool ok = false;
  std::string reason;  // what a person reads: why it is not ok, or what makes it ok
};

class Liveness {
 public:
  /// Counts from now: a cycle has `max_gap` to end.
  Liveness(const Clock& clock, std::chrono::milliseconds max_gap);

  /// A new config (reload): its interval and pingtimeout give the gap from now on.
  void setMaxGap(std::chrono::milliseconds max_gap);
  void cycleEnded();
  void configLoaded();
  /// The ApiServer gave an answer that shows it is there and lets lecter in (2xx, 404, 409).
  void apiServerAnswered();

  [[nodiscard]] CheckAnswer healthz() const;
  [[nodiscard]] CheckAnswer readyz() const;

 private:
  const Clock& clock_;
  mutable std::mutex mutex_;
  std::chrono::milliseconds max_gap_;
  SteadyTime started_;
  std::optional<SteadyTime> last_cycle_end_;
  long long cycles_ = 0;
  bool config_loaded_ = false;
  bool api_server_answered_ = false;
};

/// 3 × (interval + pingtimeout): the gap after which cycles count as stalled.
std::chrono::milliseconds maxCycleGap(std::chrono::milliseconds interval,
                                      std::chrono::milliseconds ping_timeout);

}  // namespace lecter
