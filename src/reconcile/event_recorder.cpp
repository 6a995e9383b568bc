#include "lecter/reconcile/event_recorder.h"
#include "lecter/obs/secrets.h"

#include <cstdio>

#include "lecter/base/utc_time.h"
#include "lecter/obs/log.h"

namespace lecter {
namespace {

constexpr const char* kComponent = "lecter";
/// Beyond this many remembered keys, those whose interval has passed are forgotten.
constexpr std::size_t kMaxRememberedKeys = 4096;

std::string rfc3339(WallTime time) { return utcTimestamp(toUnixMillis(time)); }

std::string hex(unsigned long long value) {
  char text[24];
  std::snprintf(text, sizeof text, "%llx", value);
  return text;
}

}  // namespace

nlohmann::json makeEvent(const EventNote& note, const std::string& instance, WallTime now,
                         unsigned long long stamp) {
  const std::string when = rfc3339(now);
  nlohmann::json involved = {
      {"apiVersion", "v1"}, {"kind", "Service"}, {"name", note.service.name}, {"namespace", note.service.ns}};
  if (!note.uid.empty()) involved["uid"] = note.uid;
  // client-go's recorder names events "<object>.<timestamp in hex>" the same way.
  return {{"apiVersion", "v1"},
          {"kind", "Event"},
          {"metadata", {{"name", note.service.name + "." + hex(stamp)}, {"namespace", note.service.ns}}},
          {"involvedObject", std::move(involved)},
          {"reason", note.reason},
          // A failure's text may quote what a server sent, which may echo the token back.
          {"message", secrets::redact(note.message)},
          {"type", note.type == EventType::Warning ? "Warning" : "Normal"},
          {"source", {{"component", kComponent}, {"host", instance}}},
          {"firstTimestamp", when},
          {"lastTimestamp", when},
          {"count", 1},
          {"reportingComponent", kComponent},
          {"reportingInstance", instance}};
}

EventRecorder::EventRecorder(EventsApi& kube, const Clock& clock, EventRecorderOptions options)
    : kube_(kube), clock_(clock), options_(std::move(options)) {}

void EventRecorder::beginCycle() { sent_this_cycle_ = 0; }

bool EventRecorder::record(const EventNote& note) {
  const SteadyTime now = clock_.now();
  const std::string key = note.service.ns + "/" + note.service.name + "|" + note.reason + "|" + note.target;
  const auto last = last_sent_.find(key);
  if (sent_this_cycle_ >= options_.max_per_cycle ||
      (last != last_sent_.end() && now - last->second < options_.per_key_interval)) {
    ++suppressed_;
    log::debug("event {} on service {}/{} held back by the rate limit: {}", note.reason, note.service.ns,
               note.service.name, note.message);
    return false;
  }
  if (last_sent_.size() >= kMaxRememberedKeys) {
    std::erase_if(last_sent_,
                  [&](const auto& item) { return now - item.second >= options_.per_key_interval; });
  }
  last_sent_[key] = now;
  ++sent_this_cycle_;

  const WallTime wall = clock_.wallNow();
  const auto nanos = static_cast<unsigned long long>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(wall.time_since_epoch()).count());
  // Two events in the same instant still get distinct names.
  last_stamp_ = nanos > last_stamp_ ? nanos : last_stamp_ + 1;
  const KubeResult result =
      kube_.createEvent(note.service.ns, makeEvent(note, options_.instance, wall, last_stamp_));
  if (!result.ok() && !failing_) {
    log::debug(
        "posting event {} on service {}/{} failed (events are best effort; further failures are not "
        "logged until one succeeds): {}",
        note.reason, note.service.ns, note.service.name, result.describe());
  }
  failing_ = !result.ok();
  return true;
}

}  // namespace lecter
