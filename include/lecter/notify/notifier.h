#pragma once
/// Alerts, off the cycle's thread. After each cycle the cycle's thread reads which alerts fire
/// (AlertRules) and hands them over; a thread of the notifier's own runs the NotifyLoop, so a
/// receiver that is slow, hangs or fails never delays probing or writing.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "lecter/base/clock.h"
#include "lecter/config/config.h"
#include "lecter/kube/http_client.h"
#include "lecter/notify/alert_rules.h"
#include "lecter/notify/notify_loop.h"
#include "lecter/reconcile/reconciler.h"
#include "lecter/store/notification_log_store.h"

namespace lecter {

struct NotifierParts {
  /// Made on the notifier's thread; `abandon` turns true once it is to stop.
  std::function<std::unique_ptr<HttpClient>(std::function<bool()> abandon)> make_http;
  std::unique_ptr<NotificationLogStore> store;  // used on the notifier's thread (interrupt() aside)
  NotifyLoopOptions options;
};

class Notifier {
 public:
  Notifier(const Config& config, const Clock& clock, NotifierParts parts);
  /// Stops the thread: sends in flight are given up (what they told is sent again by the next run,
  /// as the log does not have it); what the log has not saved yet is written, if the store takes it
  /// within kStopGrace, else the exchange is cut short.
  ~Notifier();

  static constexpr std::chrono::milliseconds kStopGrace{500};
  Notifier(const Notifier&) = delete;
  Notifier& operator=(const Notifier&) = delete;

  /// After a cycle, on the cycle's thread: never waits for the notifier's thread.
  void observe(const CycleReport& report);
  /// A reload, on the cycle's thread.
  void reconfigure(const Config& config);

 private:
  void run();

  const Clock& clock_;
  NotifierParts parts_;
  NotifyConfig initial_;
  AlertRules rules_;  // the cycle's thread's

  std::mutex mutex_;
  std::condition_variable wake_;
  struct Handed {
    std::vector<Alert> firing;
    std::map<std::string, long long> ended_at;
  };
  // Handed over, not yet taken (pointers: taking one is a swap that copies no text).
  std::unique_ptr<Handed> alerts_;
  std::unique_ptr<NotifyConfig> config_;
  bool stop_ = false;
  bool finished_ = false;  // the thread has nothing more to do
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace lecter
