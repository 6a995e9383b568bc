#include "lecter/notify/notify_loop.h"

#include <algorithm>
#include <set>

#include "lecter/notify/message_text.h"
#include "lecter/obs/log.h"

namespace lecter {
namespace {

GroupTiming timingOf(const NotifyConfig& config) {
  return GroupTiming{config.group_wait, config.group_interval, config.repeat_interval};
}

std::string counted(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

/// "2 groups: 5 alerts started, 1 ended", for the log line of a message that arrived.
std::string whatWasTold(const std::vector<Notification>& notifications) {
  std::size_t started = 0;
  std::size_t ended = 0;
  for (const Notification& n : notifications) {
    started += n.firing.size();
    ended += n.resolved.size();
  }
  return counted(notifications.size(), "group", "groups") + ": " + counted(started, "alert", "alerts") +
         " firing, " + std::to_string(ended) + " ended";
}

}  // namespace

NotifyLoop::NotifyLoop(const NotifyConfig& config, HttpClient& http, NotificationLogStore& store,
                       const Clock& clock, NotifyLoopOptions options)
    : http_(http),
      clock_(clock),
      options_(std::move(options)),
      log_(store),
      dispatcher_(timingOf(config), routes(config), log_) {
  if (!options_.random) options_.random = machineRandom();
  reconfigure(config);
}

NotifyLoop::~NotifyLoop() = default;

std::vector<ReceiverRoute> NotifyLoop::routes(const NotifyConfig& config) const {
  std::vector<ReceiverRoute> routes;
  for (const ReceiverConfig& receiver : config.receivers)
    routes.push_back(ReceiverRoute{receiver.name, receiver.services, receiver.events});
  return routes;
}

void NotifyLoop::reconfigure(const NotifyConfig& config) {
  dispatcher_.reconfigure(timingOf(config), routes(config));
  external_url_ = config.external_url;
  std::map<std::string, Outlet> outlets;
  const SteadyTime now = clock_.now();
  for (const ReceiverConfig& receiver : config.receivers) {
    std::unique_ptr<Receiver> protocol = makeReceiver(receiver);
    const ReceiverPace pace = protocol->pace();
    auto kept = outlets_.find(receiver.name);
    if (kept != outlets_.end() && kept->second.receiver->config().type == receiver.type) {
      // Same robot (perhaps a new URL or secret): what waits for it and its bucket stay.
      kept->second.receiver = std::move(protocol);
      outlets.emplace(receiver.name, std::move(kept->second));
      continue;
    }
    outlets.emplace(receiver.name, Outlet{next_outlet_id_++,
                                          std::move(protocol),
                                          TokenBucket(pace.per_second, pace.burst, now),
                                          Backoff(options_.retry, options_.random),
                                          {},
                                          std::nullopt,
                                          false,
                                          SteadyTime{},
                                          0});
  }
  for (const auto& [name, outlet] : outlets_) {
    if (!outlets.contains(name) && options_.metrics != nullptr)
      options_.metrics->setNotificationQueueLength(name, 0);
  }
  outlets_ = std::move(outlets);
  forgetRemovedReceivers();
}

void NotifyLoop::update(const std::vector<Alert>& firing, const std::map<std::string, long long>& ended_at) {
  dispatcher_.update(firing, clock_.now(), toUnixMillis(clock_.wallNow()), ended_at);
}

void NotifyLoop::readLog() {
  const SteadyTime now = clock_.now();
  if (log_tried_ && now < log_next_try_) return;
  if (!log_tried_) log_first_try_ = now;
  log_tried_ = true;
  if (log_.load()) {
    if (log_given_up_)
      log::info("notify: the notification log was read after all; the alerts it holds are followed again");
    forgetRemovedReceivers();
    return;
  }
  log_next_try_ = now + (log_given_up_ ? options_.log_reread : options_.log_retry);
  if (!log_given_up_ && now - log_first_try_ >= options_.log_wait) {
    log::warn(
        "notify: the notification log could not be read for {}; sending without it, so a message sent just "
        "before this start may come again",
        readableDuration(
            std::chrono::duration_cast<std::chrono::milliseconds>(now - log_first_try_).count()));
    log_.goOnWithoutStore();
    log_given_up_ = true;
    log_next_try_ = now + options_.log_reread;
  }
}

void NotifyLoop::saveLog(bool stopping) {
  const SteadyTime now = clock_.now();
  if (!log_.hasUnsaved() || (now < save_next_try_ && !stopping)) return;
  // A store that hangs costs one timeout per try, not one per group.
  if (!log_.saveUnsaved()) save_next_try_ = now + options_.log_retry;
}

std::set<GroupKey> NotifyLoop::held() const {
  std::set<GroupKey> keys;
  for (const auto& [name, outlet] : outlets_) {
    if (!outlet.message) continue;
    for (const Notification& n : outlet.message->notifications) keys.emplace(name, n.group);
  }
  return keys;
}

void NotifyLoop::forgetRemovedReceivers() {
  if (!log_.loaded()) return;
  std::set<std::string> names;
  for (const auto& [name, outlet] : outlets_) names.insert(name);
  log_.keepReceivers(names);
}

void NotifyLoop::step(std::chrono::milliseconds max_wait) {
  if (!log_.read()) readLog();
  if (log_.loaded()) {
    const SteadyTime now = clock_.now();
    const long long now_ms = toUnixMillis(clock_.wallNow());
    for (const GroupKey& key : dispatcher_.due(now, now_ms, held())) {
      if (const auto outlet = outlets_.find(key.first); outlet != outlets_.end())
        enqueue(outlet->second, key.second);
    }
    saveLog();
    for (auto& [name, outlet] : outlets_) send(name, outlet);
  }
  if (in_flight_ > 0) http_.poll(max_wait);
  publishQueueLengths();
}

void NotifyLoop::enqueue(Outlet& outlet, const std::string& group) {
  if (std::find(outlet.waiting.begin(), outlet.waiting.end(), group) != outlet.waiting.end()) return;
  if (outlet.message) {
    const auto& held = outlet.message->notifications;
    if (std::any_of(held.begin(), held.end(), [&](const Notification& n) { return n.group == group; }))
      return;
  }
  if (outlet.waiting.size() >= options_.max_waiting_groups) {
    outlet.waiting.pop_front();
    if (options_.metrics != nullptr)
      options_.metrics->countNotification(outlet.receiver->config().name, "dropped");
    if (outlet.dropped++ == 0) {
      log::warn(
          "notify: {}: more than {} groups wait; the oldest are dropped until it takes messages again "
          "(each is told again at its next look, in notify.group_interval)",
          outlet.receiver->config().name, options_.max_waiting_groups);
    }
  }
  outlet.waiting.push_back(group);
}

void NotifyLoop::refresh(const std::string& name, Outlet& outlet, long long now_ms) {
  std::vector<std::string> groups;
  if (outlet.message) {
    for (const Notification& n : outlet.message->notifications) groups.push_back(n.group);
  }
  for (const std::string& group : outlet.waiting) {
    if (std::find(groups.begin(), groups.end(), group) == groups.end()) groups.push_back(group);
  }
  outlet.waiting.clear();
  outlet.dropped = 0;
  Message message;
  message.written_ms = now_ms;
  for (const std::string& group : groups) {
    if (auto notification = dispatcher_.pending({name, group}, now_ms)) {
      message.notifications.push_back(std::move(*notification));
    }
  }
  if (message.notifications.empty()) {
    outlet.message.reset();
  } else {
    outlet.message = std::move(message);
  }
}

void NotifyLoop::send(const std::string& name, Outlet& outlet) {
  if (outlet.sending || (!outlet.message && outlet.waiting.empty())) return;
  const SteadyTime now = clock_.now();
  if (now < outlet.retry_at || outlet.bucket.nextAt(now) > now) return;
  const long long now_ms = toUnixMillis(clock_.wallNow());
  // Nothing of it sent yet: it tells what is true now, with everything that waits merged in. Once a
  // part arrived, the rest are the same text's (written_ms), only signed anew.
  if (!outlet.message || outlet.message->parts_sent == 0) refresh(name, outlet, now_ms);
  if (!outlet.message) return;
  const std::vector<HttpRequest> requests =
      outlet.receiver->requests(outlet.message->notifications, context(outlet.message->written_ms));
  outlet.message->parts = requests.size();
  if (outlet.message->parts_sent >= requests.size()) {
    // Cannot come from the same text; a reload that gave the robot a larger limit could.
    for (const Notification& n : outlet.message->notifications) dispatcher_.delivered(n, now_ms);
    outlet.message.reset();
    return;
  }
  outlet.bucket.take(now);
  outlet.sending = true;
  ++in_flight_;
  try {
    http_.start(requests[outlet.message->parts_sent],
                [this, name, id = outlet.id](HttpResponse response) { answered(name, id, response); });
  } catch (...) {
    // Not started: nothing will answer it, so it must not count as in flight.
    outlet.sending = false;
    --in_flight_;
    outlet.retry_at = now + outlet.backoff.next();
    throw;
  }
}

void NotifyLoop::answered(const std::string& name, std::uint64_t id, const HttpResponse& response) {
  --in_flight_;
  const auto found = outlets_.find(name);
  // Taken out of the config meanwhile, or replaced by a receiver of another type under the name.
  if (found == outlets_.end() || found->second.id != id) return;
  Outlet& outlet = found->second;
  outlet.sending = false;
  if (!outlet.message) return;
  const ReceiverConfig& receiver = outlet.receiver->config();
  const SendVerdict verdict = outlet.receiver->readAnswer(response);
  if (!verdict.delivered) {
    if (options_.metrics != nullptr) options_.metrics->countNotification(name, "failed");
    // A Retry-After of hours would hide every alert: the longest wait is the backoff's own.
    const std::chrono::milliseconds delay =
        std::max(outlet.backoff.next(), std::min(verdict.retry_after, options_.retry.max));
    outlet.retry_at = clock_.now() + delay;
    log::warn("notify: {} ({}): the message did not arrive ({}); trying again in {}", name,
              toString(receiver.type), verdict.detail, readableDuration(delay.count()));
    return;
  }
  if (options_.metrics != nullptr) options_.metrics->countNotification(name, "sent");
  outlet.backoff.reset();
  if (++outlet.message->parts_sent < outlet.message->parts) return;
  const long long now_ms = toUnixMillis(clock_.wallNow());
  for (const Notification& n : outlet.message->notifications) dispatcher_.delivered(n, now_ms);
  log::info("notify: {} ({}) told of {}", name, toString(receiver.type),
            whatWasTold(outlet.message->notifications));
  outlet.message.reset();
}

SteadyTime NotifyLoop::wakeAt() const {
  const SteadyTime now = clock_.now();
  if (in_flight_ > 0) return now;
  SteadyTime wake = now + std::chrono::hours(1);
  if (!log_.read()) wake = std::min(wake, std::max(now, log_next_try_));
  if (!log_.loaded()) return wake;
  if (log_.hasUnsaved()) wake = std::min(wake, std::max(now, save_next_try_));
  if (const auto due = dispatcher_.nextDue()) wake = std::min(wake, *due);
  for (const auto& [name, outlet] : outlets_) {
    if (outlet.sending || (!outlet.message && outlet.waiting.empty())) continue;
    wake = std::min(wake, std::max(outlet.retry_at, outlet.bucket.nextAt(now)));
  }
  return std::max(wake, now);
}

std::size_t NotifyLoop::waiting() const {
  std::size_t total = 0;
  for (const auto& [name, outlet] : outlets_)
    total += outlet.waiting.size() + (outlet.message ? outlet.message->notifications.size() : 0);
  return total;
}

void NotifyLoop::publishQueueLengths() const {
  if (options_.metrics == nullptr) return;
  for (const auto& [name, outlet] : outlets_) {
    options_.metrics->setNotificationQueueLength(
        name, outlet.waiting.size() + (outlet.message ? outlet.message->notifications.size() : 0));
  }
}

MessageContext NotifyLoop::context(long long written_ms) const {
  return MessageContext{written_ms, options_.host, external_url_, toUnixMillis(clock_.wallNow())};
}

}  // namespace lecter
