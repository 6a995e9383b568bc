#pragma once
/// Time as lecter sees it. Everything that waits or counts time takes a Clock&, so tests can drive
/// thresholds, token refresh and backoff with a manual clock instead of sleeping.

#include <chrono>

namespace lecter {

using SteadyTime = std::chrono::steady_clock::time_point;
using WallTime = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  /// Monotonic time, for deadlines and intervals.
  [[nodiscard]] virtual SteadyTime now() const = 0;
  /// Calendar time, for what is recorded (state, transitions).
  [[nodiscard]] virtual WallTime wallNow() const = 0;
};

/// The real clocks of the machine.
class SystemClock final : public Clock {
 public:
  [[nodiscard]] SteadyTime now() const override { return std::chrono::steady_clock::now(); }
  [[nodiscard]] WallTime wallNow() const override { return std::chrono::system_clock::now(); }
};

/// Milliseconds since the Unix epoch, the unit of every recorded time.
inline long long toUnixMillis(WallTime t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace lecter
