#include "lecter/notify/notifier.h"

#include "lecter/obs/log.h"

namespace lecter {
namespace {

/// While sends are in flight the thread drives them, looking for new alerts this often.
constexpr std::chrono::milliseconds kPollSlice{50};

}  // namespace

Notifier::Notifier(const Config& config, const Clock& clock, NotifierParts parts)
    : clock_(clock), parts_(std::move(parts)), initial_(config.notify), rules_(config) {
  thread_ = std::thread([this] { run(); });
}

Notifier::~Notifier() {
  stopping_ = true;  // sends in flight are abandoned at once
  {
    std::unique_lock lock(mutex_);
    stop_ = true;
    wake_.notify_all();
    // The last save is worth a moment, not a stop that waits for a Redis that hangs.
    if (!wake_.wait_for(lock, kStopGrace, [this] { return finished_; })) parts_.store->interrupt();
  }
  thread_.join();
}

void Notifier::observe(const CycleReport& report) {
  auto handed = std::make_unique<Handed>(
      Handed{rules_.evaluate(report, toUnixMillis(clock_.wallNow())), rules_.endedAt()});
  {
    const std::lock_guard lock(mutex_);
    if (alerts_) {
      // Not taken yet: the newer firing set replaces it, and no end it told of may be lost.
      handed->ended_at.insert(alerts_->ended_at.begin(), alerts_->ended_at.end());
    }
    alerts_ = std::move(handed);
  }
  wake_.notify_one();
}

void Notifier::reconfigure(const Config& config) {
  AlertRules rules(config);
  rules.takeOver(rules_);
  rules_ = std::move(rules);
  {
    const std::lock_guard lock(mutex_);
    config_ = std::make_unique<NotifyConfig>(config.notify);
  }
  wake_.notify_one();
}

void Notifier::run() {
  const std::unique_ptr<HttpClient> http = parts_.make_http([this] { return stopping_.load(); });
  NotifyLoop loop(initial_, *http, *parts_.store, clock_, parts_.options);
  bool failed = false;  // the last step threw: wait a moment before the next
  while (true) {
    std::unique_ptr<Handed> alerts;
    std::unique_ptr<NotifyConfig> config;
    {
      std::unique_lock lock(mutex_);
      if (failed) {
        wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stop_; });
      } else if (loop.inFlight() == 0 && !stop_ && !alerts_ && !config_) {
        wake_.wait_until(lock, loop.wakeAt());
      }
      if (stop_) break;
      alerts.swap(alerts_);
      config.swap(config_);
    }
    // A fault in one step (an allocation failure) must not end the alerts for good.
    try {
      if (config) loop.reconfigure(*config);
      if (alerts) loop.update(alerts->firing, alerts->ended_at);
      loop.step(kPollSlice);
      failed = false;
    } catch (const std::exception& e) {
      log::error("notify: {}; trying again", e.what());
      failed = true;
    }
  }
  try {
    loop.saveLog(/*stopping=*/true);
  } catch (const std::exception& e) {
    log::error("notify: the notification log was not saved at the stop: {}", e.what());
  }
  {
    const std::lock_guard lock(mutex_);
    finished_ = true;
  }
  wake_.notify_all();
}

}  // namespace lecter
