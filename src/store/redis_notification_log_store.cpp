#include "lecter/store/redis_notification_log_store.h"

#include <mutex>
#include <utility>
#include <vector>

#include "lecter/obs/log.h"
#include "redis_connection.h"
#include "redis_login.h"
#include "redis_schema.h"

namespace lecter {

using store::RedisCommand;
using store::RedisReply;

struct RedisNotificationLogStore::Impl {
  RedisConfig config;
  std::chrono::milliseconds timeout;
  std::string key;
  bool in_outage = false;

  // The connection is replaced by the owning thread and shut down by interrupt()'s: the mutex keeps
  // interrupt() from touching one that is being dropped, never held across an exchange.
  std::mutex mutex;
  std::unique_ptr<store::RedisConnection> connection;
  bool interrupted = false;

  bool stopped() {
    const std::lock_guard lock(mutex);
    return interrupted;
  }

  void drop() {
    std::unique_ptr<store::RedisConnection> gone;
    const std::lock_guard lock(mutex);
    gone = std::move(connection);
  }

  /// A logged-in connection, or nullptr and `error`.
  store::RedisConnection* connected(std::string& error) {
    {
      const std::lock_guard lock(mutex);
      if (interrupted) {
        error = "stopping";
        return nullptr;
      }
      if (connection) return connection.get();
    }
    auto opened = store::RedisConnection::open(config.host, config.port, timeout, error);
    if (!opened) return nullptr;
    store::RedisConnection* raw = opened.get();
    {
      const std::lock_guard lock(mutex);
      connection = std::move(opened);
      if (interrupted) connection->interrupt();  // came while connecting
    }
    if (store::logIn(*raw, config, error)) return raw;
    drop();
    return nullptr;
  }

  /// The replies to `commands`, each of type Integer except where `expected` says; nullopt (warned
  /// about once per outage) when one did not come or was wrong.
  std::optional<std::vector<RedisReply>> run(const std::vector<RedisCommand>& commands,
                                             RedisReply::Type expected) {
    std::string error;
    if (store::RedisConnection* redis = connected(error)) {
      store::PipelineResult result = redis->pipeline(commands);
      if (!result.ok()) {
        drop();
        error = result.error;
      } else {
        for (std::size_t i = 0; i < commands.size() && error.empty(); ++i) {
          if (const auto problem = store::replyProblem(commands[i], result.replies[i], expected))
            error = *problem;
        }
        if (error.empty()) {
          if (in_outage) log::info("redis: the notification log is written again");
          in_outage = false;
          return std::move(result.replies);
        }
      }
    }
    if (stopped()) return std::nullopt;  // not an outage: this process is going away
    if (!in_outage) {
      log::warn("redis at {}:{}: the notification log cannot be kept ({}); messages wait until it can",
                config.host, config.port, error);
    }
    in_outage = true;
    return std::nullopt;
  }
};

RedisNotificationLogStore::RedisNotificationLogStore(RedisConfig config, std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>()) {
  impl_->key = store::notificationLogKey(config.key_prefix);
  impl_->config = std::move(config);
  impl_->timeout = timeout;
}

RedisNotificationLogStore::~RedisNotificationLogStore() = default;

std::optional<std::map<std::string, std::string>> RedisNotificationLogStore::load() {
  const auto replies = impl_->run({{"HGETALL", impl_->key}}, RedisReply::Type::Array);
  if (!replies) return std::nullopt;
  std::map<std::string, std::string> entries;
  const auto& items = replies->front().elements;
  for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
    if (items[i].type != RedisReply::Type::String || items[i + 1].type != RedisReply::Type::String) continue;
    entries[items[i].text] = items[i + 1].text;
  }
  return entries;
}

bool RedisNotificationLogStore::write(const NotificationLogChanges& changes) {
  RedisCommand kept{"HSET", impl_->key};
  RedisCommand removed{"HDEL", impl_->key};
  for (const auto& [field, entry] : changes) {
    if (entry) {
      kept.push_back(field);
      kept.push_back(*entry);
    } else {
      removed.push_back(field);
    }
  }
  std::vector<RedisCommand> commands;
  if (kept.size() > 2) commands.push_back(std::move(kept));
  if (removed.size() > 2) commands.push_back(std::move(removed));
  if (commands.empty()) return true;
  return impl_->run(commands, RedisReply::Type::Integer).has_value();
}

void RedisNotificationLogStore::interrupt() {
  const std::lock_guard lock(impl_->mutex);
  impl_->interrupted = true;
  if (impl_->connection) impl_->connection->interrupt();
}

}  // namespace lecter
