#include "lecter/base/backoff.h"

#include <algorithm>
#include <memory>
#include <mutex>
#include <random>
#include <utility>

namespace lecter {

Backoff::Backoff(BackoffPolicy policy, std::function<double()> random)
    : policy_(policy), random_(std::move(random)), step_(std::min(policy.initial, policy.max)) {}

std::chrono::milliseconds Backoff::next() {
  const auto base = step_;
  const double fraction = std::clamp(random_ ? random_() : 0.0, 0.0, 1.0);
  const auto jitter = std::chrono::milliseconds(
      static_cast<long long>(static_cast<double>(base.count()) * policy_.jitter * fraction));
  step_ = std::min(step_ * 2, policy_.max);
  return std::min(base + jitter, policy_.max);
}

void Backoff::reset() { step_ = std::min(policy_.initial, policy_.max); }

std::function<double()> machineRandom() {
  auto engine = std::make_shared<std::mt19937_64>(std::random_device{}());
  auto engine_mutex = std::make_shared<std::mutex>();
  return [engine, engine_mutex] {
    std::lock_guard lock(*engine_mutex);
    return std::uniform_real_distribution<double>(0.0, 1.0)(*engine);
  };
}

}  // namespace lecter
