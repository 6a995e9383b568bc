#include "lecter/coord/retry_loop.h"

namespace lecter {

void RetryLoop::start() {
  const std::lock_guard lock(mutex_);
  if (thread_.joinable() || stop_) return;
  thread_ = std::thread([this] {
    while (true) {
      const auto wait = try_once_();
      std::unique_lock waiting(mutex_);
      if (wake_.wait_for(waiting, wait, [this] { return stop_; })) return;
    }
  });
}

void RetryLoop::stop() {
  {
    const std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace lecter
