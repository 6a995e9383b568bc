#pragma once
/// StateStore in Redis (hiredis). Only keys under `key_prefix`; never FLUSHALL or FLUSHDB.
/// Keys: <prefix>:target:<service>/<ip>:<port> (hash), <prefix>:service:<service> (hash),
/// <prefix>:transitions (stream, capped), and <prefix>:targets and <prefix>:services (sets of the
/// target and service keys written, read by restoreTargets() and keepOnly() so the keyspace is never
/// scanned). A Redis outage is one warning; the store reconnects
/// with backoff and writes the latest state and the queued transitions once Redis is back. Writes refused
/// server-wide (OOM under maxmemory, READONLY, NOAUTH, MISCONF…) are an outage too: a connection alone
/// does not end one, nor reset the backoff; the first write Redis takes does.

#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "lecter/base/clock.h"
#include "lecter/config/config.h"
#include "lecter/store/state_store.h"

namespace lecter {

struct RedisStoreOptions {
  std::chrono::milliseconds timeout{500};          // connect and each command
  std::chrono::milliseconds backoff_initial{500};  // between reconnect attempts, doubling
  std::chrono::milliseconds backoff_max{30000};
  std::size_t max_queued_transitions = 10000;
  std::size_t stream_max_len = 10000;  // XADD MAXLEN ~
};

/// Not thread-safe: one thread (the reconciler's) calls it. The constructor tries to connect once;
/// every call may block for up to about `timeout` per round trip, never longer, and never sleeps.
class RedisStateStore final : public StateStore {
 public:
  RedisStateStore(RedisConfig config, const Clock& clock, RedisStoreOptions options = {});
  ~RedisStateStore() override;
  RedisStateStore(const RedisStateStore&) = delete;
  RedisStateStore& operator=(const RedisStateStore&) = delete;

  void record(const CycleRecord& cycle) override;
  std::vector<TargetRecord> restoreTargets() override;
  void keepOnly(const std::set<std::string>& targets, const std::set<std::string>& services) override;
  /// Connected and out of any outage (a server-wide refusal of writes is one).
  [[nodiscard]] std::optional<bool> backendUp() const override;

  /// True while connected and authenticated.
  [[nodiscard]] bool connected() const;
  /// How many times a connection was tried (the constructor's first try included): reconnects
  /// happen only when the backoff has passed, and tests check that here.
  [[nodiscard]] std::size_t connectAttempts() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lecter
