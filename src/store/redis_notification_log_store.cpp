#include "lecter/store/redis_notification_log_store.h"

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
  std::unique_ptr<store::RedisConnection> connection;
  bool in_outage = false;

  /// One command's reply of type `expected`; nullopt (warned about once per outage) otherwise.
  std::optional<RedisReply> run(const RedisCommand& command, RedisReply::Type expected) {
    std::string error;
    if (!connection) connection = store::openLoggedIn(config, timeout, error);
    if (connection) {
      store::PipelineResult result = connection->pipeline({command});
      if (!result.ok()) {
        connection.reset();
        error = result.error;
      } else if (const auto problem = store::replyProblem(command, result.replies.front(), expected)) {
        error = *problem;
      } else {
        if (in_outage) log::info("redis: the notification log is written again");
        in_outage = false;
        return std::move(result.replies.front());
      }
    }
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
  const auto reply = impl_->run({"HGETALL", impl_->key}, RedisReply::Type::Array);
  if (!reply) return std::nullopt;
  std::map<std::string, std::string> entries;
  const auto& items = reply->elements;
  for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
    if (items[i].type != RedisReply::Type::String || items[i + 1].type != RedisReply::Type::String) continue;
    entries[items[i].text] = items[i + 1].text;
  }
  return entries;
}

bool RedisNotificationLogStore::save(const std::string& key, const std::string& entry) {
  return impl_->run({"HSET", impl_->key, key, entry}, RedisReply::Type::Integer).has_value();
}

bool RedisNotificationLogStore::erase(const std::string& key) {
  return impl_->run({"HDEL", impl_->key, key}, RedisReply::Type::Integer).has_value();
}

}  // namespace lecter
