#pragma once
/// Exponential backoff with jitter, for every request that repeats (re-list and re-watch, a write
/// retried after 409). Each delay is the current step plus up to `jitter` of it at random, so clients
/// that failed together do not retry together; the step doubles up to `max`.

#include <chrono>
#include <functional>

namespace lecter {

struct BackoffPolicy {
  std::chrono::milliseconds initial{200};
  std::chrono::milliseconds max{30000};
  double jitter = 0.2;  // a delay grows by up to this fraction of its step, at random
};

class Backoff {
 public:
  /// `random` gives a number in [0, 1); tests pass a fixed one.
  Backoff(BackoffPolicy policy, std::function<double()> random);

  /// The delay to wait now; the following one will be twice as long (up to the policy's max).
  std::chrono::milliseconds next();
  /// After a success: the next delay is the initial one again.
  void reset();

 private:
  BackoffPolicy policy_;
  std::function<double()> random_;
  std::chrono::milliseconds step_;
};

/// A thread-safe source of numbers in [0, 1), seeded from the machine.
std::function<double()> machineRandom();

}  // namespace lecter
