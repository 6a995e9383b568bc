#pragma once
/// The notifier's work, one step at a time, on one thread: alerts in, the dispatcher's groups out,
/// each receiver's waiting groups merged into as few messages as its token bucket allows (a digest
/// names every group), sent beside each other through one HttpClient, retried with backoff until
/// they arrive. Driven by the caller's clock, so tests step it without sleeping.

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lecter/base/backoff.h"
#include "lecter/base/clock.h"
#include "lecter/base/token_bucket.h"
#include "lecter/config/config.h"
#include "lecter/kube/http_client.h"
#include "lecter/notify/alert_dispatcher.h"
#include "lecter/notify/notification_log.h"
#include "lecter/notify/receiver.h"
#include "lecter/obs/metrics.h"
#include "lecter/store/notification_log_store.h"

namespace lecter {

struct NotifyLoopOptions {
  /// Groups waiting per receiver; past it the oldest is dropped (and told again at its next look).
  std::size_t max_waiting_groups = 1000;
  /// Between tries at a message that did not arrive: 2 s doubling to 5 min, each up to a fifth longer.
  BackoffPolicy retry{std::chrono::seconds(2), std::chrono::minutes(5), 0.2};
  /// How long to wait for an unreadable notification log before sending without it.
  std::chrono::milliseconds log_wait{std::chrono::seconds(60)};
  /// Between tries at reading or writing the log while the store refuses.
  std::chrono::milliseconds log_retry{std::chrono::seconds(2)};
  /// Between tries at reading it once sending went on without it (its entries are still wanted: the
  /// alerts an earlier run told of are to be told ended).
  std::chrono::milliseconds log_reread{std::chrono::seconds(30)};
  std::function<double()> random;  // for the backoff's jitter; empty: the machine's
  std::string host;                // named in every message
  Metrics* metrics = nullptr;
};

class NotifyLoop {
 public:
  NotifyLoop(const NotifyConfig& config, HttpClient& http, NotificationLogStore& store, const Clock& clock,
             NotifyLoopOptions options);
  ~NotifyLoop();
  NotifyLoop(const NotifyLoop&) = delete;
  NotifyLoop& operator=(const NotifyLoop&) = delete;

  /// A reload: receivers that keep their name keep their groups, queue and bucket.
  void reconfigure(const NotifyConfig& config);
  /// The alerts that fire now, and when those that stopped ended (AlertRules::evaluate, endedAt).
  void update(const std::vector<Alert>& firing, const std::map<std::string, long long>& ended_at = {});
  /// Does what is due now: reads the log while it is not read, flushes groups, starts sends, and
  /// takes the answers that came (waiting for them at most `max_wait`).
  void step(std::chrono::milliseconds max_wait = std::chrono::milliseconds(0));
  /// When step() next has something to do (a group, a token, a retry); now while a send is in flight.
  [[nodiscard]] SteadyTime wakeAt() const;
  /// Writes what the log has not saved yet, unless the store refused a moment ago; `stopping`: one
  /// last try whatever (the caller bounds it with the store's interrupt()).
  void saveLog(bool stopping = false);
  /// Sends in flight.
  [[nodiscard]] std::size_t inFlight() const { return in_flight_; }
  /// Groups waiting, over every receiver.
  [[nodiscard]] std::size_t waiting() const;

 private:
  struct Message {
    std::vector<Notification> notifications;
    long long written_ms = 0;    // the time its text speaks of, kept so every part reads the same
    std::size_t parts = 0;       // requests it takes
    std::size_t parts_sent = 0;  // of them, those that arrived
  };
  struct Outlet {
    std::uint64_t id = 0;  // an answer to an outlet replaced by a reload is not this one's
    std::unique_ptr<Receiver> receiver;
    TokenBucket bucket;
    Backoff backoff;
    std::deque<std::string> waiting;  // groups, oldest first
    std::optional<Message> message;   // being sent, or waiting to be tried again
    bool sending = false;
    SteadyTime retry_at{};
    std::size_t dropped = 0;  // since the last warning
  };

  void readLog();
  /// The groups held in messages: the dispatcher keeps them until their message is done.
  [[nodiscard]] std::set<GroupKey> held() const;
  /// Forgets what receivers no longer configured were told (once the log is read).
  void forgetRemovedReceivers();
  void enqueue(Outlet& outlet, const std::string& group);
  void send(const std::string& name, Outlet& outlet);
  /// Builds the message anew from the groups it holds and those waiting: what they are to be told now.
  void refresh(const std::string& name, Outlet& outlet, long long now_ms);
  void answered(const std::string& name, std::uint64_t id, const HttpResponse& response);
  [[nodiscard]] MessageContext context(long long written_ms) const;
  std::vector<ReceiverRoute> routes(const NotifyConfig& config) const;
  void publishQueueLengths() const;

  HttpClient& http_;
  const Clock& clock_;
  NotifyLoopOptions options_;
  NotificationLog log_;
  AlertDispatcher dispatcher_;
  std::map<std::string, Outlet> outlets_;
  std::size_t in_flight_ = 0;
  SteadyTime log_first_try_{};
  SteadyTime log_next_try_{};
  bool log_tried_ = false;
  bool log_given_up_ = false;  // sending went on without it
  SteadyTime save_next_try_{};
  std::uint64_t next_outlet_id_ = 1;
  std::string external_url_;  // notify.external_url
};

}  // namespace lecter
