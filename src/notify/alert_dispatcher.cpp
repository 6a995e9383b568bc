#include "lecter/notify/alert_dispatcher.h"

#include <algorithm>
#include <set>
#include <utility>

namespace lecter {

bool ReceiverRoute::takes(const Alert& alert) const {
  if (!events.empty() && std::find(events.begin(), events.end(), alert.event) == events.end()) return false;
  // The partition guard holds every service's writes: whoever takes the event hears of it.
  if (alert.service.empty() || services.empty()) return true;
  return std::find(services.begin(), services.end(), alert.service) != services.end();
}

AlertDispatcher::AlertDispatcher(GroupTiming timing, std::vector<ReceiverRoute> routes, NotificationLog& log)
    : timing_(timing), routes_(std::move(routes)), log_(log) {}

void AlertDispatcher::reconfigure(GroupTiming timing, std::vector<ReceiverRoute> routes) {
  timing_ = timing;
  routes_ = std::move(routes);
  std::set<std::string> receivers;
  for (const auto& route : routes_) receivers.insert(route.receiver);
  std::erase_if(groups_, [&](const auto& group) { return !receivers.contains(group.first.first); });
}

void AlertDispatcher::adoptLoggedGroups(SteadyTime now) {
  for (const auto& [key, notified] : log_.entries()) {
    if (notified.firing.empty() || groups_.contains(key)) continue;
    const bool routed = std::any_of(routes_.begin(), routes_.end(),
                                    [&](const ReceiverRoute& route) { return route.receiver == key.first; });
    if (!routed) continue;  // a receiver taken out of the config is told nothing more
    Group& group = groups_[key];
    group.ns = notified.firing.front().ns;
    group.name = notified.firing.front().name;
    group.next_due = now + timing_.group_wait;
  }
}

void AlertDispatcher::update(const std::vector<Alert>& firing, SteadyTime now, long long now_ms,
                             const std::map<std::string, long long>& ended_at) {
  std::map<GroupKey, std::map<std::string, Alert>> grouped;
  for (const ReceiverRoute& route : routes_) {
    for (const Alert& alert : firing) {
      if (route.takes(alert)) grouped[{route.receiver, alert.service}][alert.key()] = alert;
    }
  }
  for (auto& [key, group] : groups_) {
    auto now_firing = grouped.find(key);
    for (const auto& [alert_key, alert] : group.firing) {
      if (now_firing == grouped.end() || !now_firing->second.contains(alert_key)) {
        const auto at = ended_at.find(alert_key);
        group.ended.emplace(alert_key, at != ended_at.end() && at->second > 0 ? at->second : now_ms);
      }
    }
    if (now_firing == grouped.end()) {
      group.firing.clear();
      continue;
    }
    for (const auto& [alert_key, alert] : now_firing->second) group.ended.erase(alert_key);
    group.firing = std::move(now_firing->second);
    grouped.erase(now_firing);
  }
  for (auto& [key, alerts] : grouped) {
    Group& group = groups_[key];
    group.ns = alerts.begin()->second.ns;
    group.name = alerts.begin()->second.name;
    group.firing = std::move(alerts);
    group.next_due = now + timing_.group_wait;
  }
  adoptLoggedGroups(now);
}

std::vector<GroupKey> AlertDispatcher::due(SteadyTime now, long long now_ms, const std::set<GroupKey>& held) {
  std::vector<std::pair<SteadyTime, GroupKey>> ready;
  for (auto it = groups_.begin(); it != groups_.end();) {
    Group& group = it->second;
    if (group.next_due > now) {
      ++it;
      continue;
    }
    const SteadyTime was_due = group.next_due;
    group.next_due = now + timing_.group_interval;
    if (pending(it->first, now_ms)) ready.emplace_back(was_due, it->first);
    const NotifiedGroup* notified = log_.find(it->first);
    if (group.firing.empty() && (notified == nullptr || notified->firing.empty()) &&
        !held.contains(it->first)) {
      it = groups_.erase(it);  // all over, and the receiver knows (or never had to)
    } else {
      ++it;
    }
  }
  std::stable_sort(ready.begin(), ready.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<GroupKey> keys;
  keys.reserve(ready.size());
  for (auto& [at, key] : ready) keys.push_back(std::move(key));
  return keys;
}

std::optional<SteadyTime> AlertDispatcher::nextDue() const {
  std::optional<SteadyTime> next;
  for (const auto& [key, group] : groups_) {
    if (!next || group.next_due < *next) next = group.next_due;
  }
  return next;
}

std::optional<Notification> AlertDispatcher::pending(const GroupKey& key, long long now_ms) const {
  const auto found = groups_.find(key);
  if (found == groups_.end()) return std::nullopt;
  const Group& group = found->second;
  Notification notification;
  notification.receiver = key.first;
  notification.group = key.second;
  notification.ns = group.ns;
  notification.name = group.name;
  for (const auto& [alert_key, alert] : group.firing) notification.firing.push_back(alert);

  const NotifiedGroup* notified = log_.find(key);
  bool news = false;  // an alert the receiver has not been told fires
  if (notified != nullptr) {
    std::set<std::string> told;
    for (const Alert& alert : notified->firing) {
      told.insert(alert.key());
      if (group.firing.contains(alert.key())) continue;
      Alert ended = alert;
      const auto at = group.ended.find(alert.key());
      ended.ends_ms = at != group.ended.end() ? at->second : now_ms;
      notification.resolved.push_back(std::move(ended));
    }
    for (const auto& [alert_key, alert] : group.firing) news = news || !told.contains(alert_key);
  }
  // Alertmanager's DedupStage.needsUpdate, with resolved alerts always sent.
  bool send = false;
  if (notified == nullptr) {
    send = !notification.firing.empty();
  } else if (news || !notification.resolved.empty()) {
    send = true;
  } else {
    send = !notification.firing.empty() && now_ms - notified->at_ms >= timing_.repeat_interval.count();
  }
  if (!send) return std::nullopt;
  return notification;
}

void AlertDispatcher::delivered(const Notification& notification, long long now_ms) {
  const GroupKey key{notification.receiver, notification.group};
  log_.record(key, NotifiedGroup{notification.firing, now_ms});
  if (const auto group = groups_.find(key); group != groups_.end()) {
    for (const Alert& alert : notification.resolved) group->second.ended.erase(alert.key());
  }
}

}  // namespace lecter
