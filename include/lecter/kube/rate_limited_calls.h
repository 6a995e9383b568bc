#pragma once
/// client-go's client-side rate limit for the writers' calls: at most `qps` requests a second after a
/// `burst` (kubernetes_conf.qps, kubernetes_conf.burst). Sits in front of the direct client, behind the
/// watch caches, so only requests that reach the ApiServer count. A call over the limit waits in order
/// inside poll(); once `abandon` turns true the waiting ones are answered "not sent" at once.

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>

#include "lecter/base/clock.h"
#include "lecter/base/token_bucket.h"
#include "lecter/kube/kube_calls.h"

namespace lecter {

struct RateLimit {
  double qps = 1000;  // ≤ 0: no limit
  int burst = 1000;
};

class RateLimitedCalls final : public KubeCalls {
 public:
  /// `pause` waits while only held calls remain (empty: they are released at once, for tests without
  /// time); `abandon` says lecter is stopping.
  RateLimitedCalls(KubeCalls& inner, const Clock& clock, RateLimit limit,
                   std::function<void(std::chrono::milliseconds)> pause, std::function<bool()> abandon = {});

  void start(const KubeCall& call, KubeDone done) override;
  std::size_t poll(std::chrono::milliseconds max_wait) override;
  /// Calls held back by the limit now.
  [[nodiscard]] std::size_t held() const { return held_.size(); }

 private:
  struct Held {
    KubeCall call;
    KubeDone done;
  };
  /// Sends the held calls the bucket has tokens for.
  void release();

  KubeCalls& inner_;
  const Clock& clock_;
  TokenBucket bucket_;
  std::function<void(std::chrono::milliseconds)> pause_;
  std::function<bool()> abandon_;
  std::deque<Held> held_;
};

}  // namespace lecter
