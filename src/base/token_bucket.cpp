#include "lecter/base/token_bucket.h"

#include <algorithm>
#include <chrono>

namespace lecter {

TokenBucket::TokenBucket(double rate, int burst, SteadyTime now)
    : rate_(rate), burst_(std::max(1, burst)), tokens_(burst_), last_(now) {}

void TokenBucket::refill(SteadyTime now) {
  if (now <= last_) return;
  const double seconds = std::chrono::duration<double>(now - last_).count();
  tokens_ = std::min(burst_, tokens_ + seconds * rate_);
  last_ = now;
}

bool TokenBucket::take(SteadyTime now) {
  if (rate_ <= 0) return true;
  refill(now);
  if (tokens_ < 1) return false;
  tokens_ -= 1;
  return true;
}

SteadyTime TokenBucket::nextAt(SteadyTime now) const {
  if (rate_ <= 0) return now;
  double tokens = tokens_;
  if (now > last_)
    tokens = std::min(burst_, tokens + std::chrono::duration<double>(now - last_).count() * rate_);
  if (tokens >= 1) return now;
  const auto wait = std::chrono::duration<double>((1 - tokens) / rate_);
  return now + std::chrono::ceil<SteadyTime::duration>(wait);
}

}  // namespace lecter
