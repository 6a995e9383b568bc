#pragma once
/// A Clock that moves only when told to, so tests never sleep.

#include <chrono>

#include "lecter/base/clock.h"

namespace lecter::testing {

class ManualClock final : public Clock {
 public:
  [[nodiscard]] SteadyTime now() const override { return steady_; }
  [[nodiscard]] WallTime wallNow() const override { return wall_; }
  void advance(std::chrono::milliseconds by) {
    steady_ += by;
    wall_ += by;
  }

 private:
  SteadyTime steady_{std::chrono::hours(1)};
  WallTime wall_{std::chrono::milliseconds(1'800'000'000'000)};  // 2027-01-15, a fixed date
};

}  // namespace lecter::testing
