#pragma once
/// Records and configs the store tests build over and over.

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>

#include "lecter/config/config.h"
#include "lecter/store/redis_state_store.h"
#include "lecter/store/state_store.h"
#include "support/redis/redis_server.h"

namespace lecter::testing {

inline TargetRecord makeTarget(const std::string& service, const std::string& ip, std::uint16_t port,
                               HealthState state = HealthState::Healthy, int consecutive_up = 1,
                               int consecutive_down = 0) {
  TargetRecord target;
  target.service = service;
  target.name = "node-" + ip;
  target.ip = ip;
  target.port = port;
  target.state = state;
  target.consecutive_up = consecutive_up;
  target.consecutive_down = consecutive_down;
  target.last_change_ms = 1'800'000'000'123;
  target.last_outcome = consecutive_down > 0 ? "refused" : "up";
  target.last_error = consecutive_down > 0 ? "Connection refused" : "";
  target.latency_us = 1234;
  return target;
}

inline TransitionRecord makeTransition(const std::string& service, const std::string& ip, std::uint16_t port,
                                       HealthState from, HealthState to, long long at_ms) {
  TransitionRecord transition;
  transition.service = service;
  transition.target = "node-" + ip;
  transition.ip = ip;
  transition.port = port;
  transition.from = from;
  transition.to = to;
  transition.outcome = to == HealthState::Healthy ? "up" : "timeout";
  transition.error = to == HealthState::Healthy ? "" : "no answer within 3000 ms";
  transition.at_ms = at_ms;
  return transition;
}

inline ServiceRecord makeService(const std::string& service, std::vector<std::string> addresses) {
  ServiceRecord record;
  record.service = service;
  record.ns = "databases";
  record.name = service + "-endpoints";
  record.addresses = std::move(addresses);
  record.resource_version = "4711";
  record.written_ms = 1'800'000'000'999;
  return record;
}

inline RedisConfig redisConfigFor(const RedisServer& server, int db = 0,
                                  const std::string& prefix = "lecter") {
  RedisConfig config;
  config.host = server.host();
  config.port = server.port();
  config.password = server.password();
  config.db = db;
  config.key_prefix = prefix;
  return config;
}

/// Backoff of 1 s doubling to 4 s: short enough to step through on a manual clock.
inline RedisStoreOptions quickBackoff() {
  RedisStoreOptions options;
  options.backoff_initial = std::chrono::milliseconds(1000);
  options.backoff_max = std::chrono::milliseconds(4000);
  return options;
}

}  // namespace lecter::testing
