#pragma once
/// core/v1 Events on a Service (what `kubectl describe service` shows): a target went down or came
/// back, a write failed. Rate-limited: at most one per (service, reason, target) per `per_key_interval`
/// and `max_per_cycle` in one cycle, so a flapping host or a mass outage cannot flood the ApiServer.
/// Events are best effort: a failed POST is logged at debug level once (until one succeeds again) and
/// never fails the cycle. Not thread-safe: used by the reconciler's thread only.

#include <chrono>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "lecter/base/clock.h"
#include "lecter/kube/events_api.h"

namespace lecter {

enum class EventType { Normal, Warning };

/// The reasons lecter reports.
inline constexpr const char* kReasonTargetDown = "TargetDown";
inline constexpr const char* kReasonTargetUp = "TargetUp";
inline constexpr const char* kReasonSyncFailed = "SyncFailed";

struct EventRecorderOptions {
  std::string instance;  // reportingInstance and source.host: this machine's name
  std::chrono::milliseconds per_key_interval{std::chrono::minutes(1)};
  int max_per_cycle = 20;
};

/// What one Event is about and says.
struct EventNote {
  ObjectRef service;
  std::string uid;  // the Service's, when known
  EventType type = EventType::Normal;
  std::string reason;   // TargetDown, TargetUp, SyncFailed
  std::string target;   // ip:port, or empty for the service as a whole; part of the rate-limit key
  std::string message;  // names the target and why
};

/// The Event object for `note`: name `<service>.<stamp in hex>`, involvedObject the Service, source
/// and reportingComponent lecter, first/lastTimestamp `now`, count 1. Pure.
nlohmann::json makeEvent(const EventNote& note, const std::string& instance, WallTime now,
                         unsigned long long stamp);

class EventRecorder {
 public:
  EventRecorder(EventsApi& kube, const Clock& clock, EventRecorderOptions options);

  /// A new cycle: the per-cycle cap counts from zero again.
  void beginCycle();
  /// POSTs the Event unless the rate limit holds it back. True when it was sent (accepted or not).
  bool record(const EventNote& note);
  /// Events held back by the rate limit so far.
  [[nodiscard]] long long suppressed() const { return suppressed_; }

 private:
  EventsApi& kube_;
  const Clock& clock_;
  EventRecorderOptions options_;
  std::map<std::string, SteadyTime> last_sent_;  // by service/reason/target
  int sent_this_cycle_ = 0;
  long long suppressed_ = 0;
  unsigned long long last_stamp_ = 0;
  bool failing_ = false;  // the last POST failed (logged once)
};

}  // namespace lecter
