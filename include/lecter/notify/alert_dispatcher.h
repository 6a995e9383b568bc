#pragma once
/// Alertmanager's grouping and deduplication, for lecter's alerts. Each receiver's alerts are
/// grouped by service; a new group waits group_wait for more before its first message, and is then
/// looked at every group_interval: a message goes out when alerts started or ended since the
/// receiver was last told (the NotificationLog), or when repeat_interval has passed with alerts
/// still firing. An alert that starts and ends within group_wait is never sent. Pure: the caller
/// gives the time, and sends what comes out.

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lecter/base/clock.h"
#include "lecter/config/config.h"
#include "lecter/notify/alert.h"
#include "lecter/notify/notification.h"
#include "lecter/notify/notification_log.h"

namespace lecter {

struct GroupTiming {
  std::chrono::milliseconds group_wait{30000};
  std::chrono::milliseconds group_interval{300000};
  std::chrono::milliseconds repeat_interval{4LL * 3600 * 1000};
};

/// Which alerts a receiver takes: its services and events (empty: all).
struct ReceiverRoute {
  std::string receiver;
  std::vector<std::string> services;
  std::vector<AlertEvent> events;
  [[nodiscard]] bool takes(const Alert& alert) const;
};

class AlertDispatcher {
 public:
  AlertDispatcher(GroupTiming timing, std::vector<ReceiverRoute> routes, NotificationLog& log);

  /// A reload: new timings and routes. Groups of receivers that remain keep their timers.
  void reconfigure(GroupTiming timing, std::vector<ReceiverRoute> routes);

  /// The alerts that fire now (all of them): groups start, alerts that are gone are noted as ended
  /// when `ended_at` says (by Alert::key()), else at `now_ms`.
  void update(const std::vector<Alert>& firing, SteadyTime now, long long now_ms,
              const std::map<std::string, long long>& ended_at = {});

  /// The groups whose timer is due at `now` and that have something to tell their receiver, oldest
  /// timer first. Their timers move on by group_interval. A group that is over goes, unless it is
  /// `held` in a message not yet delivered: delivered() needs its alerts' end times.
  std::vector<GroupKey> due(SteadyTime now, long long now_ms, const std::set<GroupKey>& held = {});
  /// When the next timer is due; nullopt without groups.
  [[nodiscard]] std::optional<SteadyTime> nextDue() const;

  /// What `key`'s receiver is to be told now; nullopt when there is nothing (any more).
  [[nodiscard]] std::optional<Notification> pending(const GroupKey& key, long long now_ms) const;
  /// `notification` reached its receiver: the log says so.
  void delivered(const Notification& notification, long long now_ms);

 private:
  struct Group {
    std::string ns;
    std::string name;
    std::map<std::string, Alert> firing;     // by Alert::key()
    std::map<std::string, long long> ended;  // Alert::key() → when it was seen gone
    SteadyTime next_due{};
  };

  /// Starts groups for log entries that still list firing alerts (after a restart or a reload), so
  /// their end is told.
  void adoptLoggedGroups(SteadyTime now);

  GroupTiming timing_;
  std::vector<ReceiverRoute> routes_;
  NotificationLog& log_;
  std::map<GroupKey, Group> groups_;
};

}  // namespace lecter
