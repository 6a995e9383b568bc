#pragma once
/// Alerts, notifications and receivers for the notify tests: one service "redis" (default/redis-ext)
/// whose targets node-01… sit at 198.18.0.1…:6379.

#include <string>
#include <vector>

#include "lecter/config/config.h"
#include "lecter/notify/alert.h"
#include "lecter/notify/notification.h"

namespace lecter::testing {

/// 2027-01-15T08:00:00Z, the ManualClock's wall time.
inline constexpr long long kNowMs = 1'800'000'000'000;

inline Alert targetDown(int n, long long starts_ms = kNowMs - 65'000, const std::string& service = "redis") {
  Alert alert;
  alert.event = AlertEvent::TargetDown;
  alert.service = service;
  alert.ns = "default";
  alert.name = service + "-ext";
  alert.target = (n < 10 ? "node-0" : "node-") + std::to_string(n);
  alert.address = "198.18.0." + std::to_string(n) + ":6379";
  alert.outcome = "timeout";
  alert.detail = "no answer within 300 ms";
  alert.starts_ms = starts_ms;
  return alert;
}

inline Alert targetBack(int n, long long starts_ms, long long ends_ms) {
  Alert alert = targetDown(n, starts_ms);
  alert.ends_ms = ends_ms;
  return alert;
}

/// Two targets down, one back, for receiver "ops".
inline Notification redisNotification() {
  Notification n;
  n.receiver = "ops";
  n.group = "redis";
  n.ns = "default";
  n.name = "redis-ext";
  n.firing = {targetDown(1), targetDown(2)};
  n.resolved = {targetBack(3, kNowMs - 400'000, kNowMs - 88'000)};
  return n;
}

inline ReceiverConfig receiverConfig(ReceiverType type, std::string url, std::string secret = "") {
  ReceiverConfig config;
  config.name = "ops";
  config.type = type;
  config.url = std::move(url);
  config.secret = std::move(secret);
  return config;
}

}  // namespace lecter::testing
