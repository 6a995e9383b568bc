#pragma once
/// A token bucket: at most `burst` at once, then `rate` per second — client-go's QPS/burst for
/// ApiServer requests, a chat robot's messages per minute. Driven by the caller's clock. Pure.

#include "lecter/base/clock.h"

namespace lecter {

class TokenBucket {
 public:
  /// `rate` tokens per second (≤ 0: no limit), holding at most `burst` (at least 1); starts full.
  TokenBucket(double rate, int burst, SteadyTime now);

  /// Takes a token when one is there at `now`.
  bool take(SteadyTime now);
  /// When the next token will be there (now when one is).
  [[nodiscard]] SteadyTime nextAt(SteadyTime now) const;

 private:
  void refill(SteadyTime now);

  double rate_;
  double burst_;
  double tokens_;
  SteadyTime last_;
};

}  // namespace lecter
