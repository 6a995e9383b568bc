#pragma once
/// The notification log in Redis: the hash <prefix>:notified, one field per receiver and group.
/// Its own connection (notify's thread owns it, not the cycle's); every call is one round trip
/// bounded by `timeout` (interrupt() cuts it short), and a broken connection is opened again on the
/// next call.

#include <chrono>
#include <memory>

#include "lecter/config/config.h"
#include "lecter/store/notification_log_store.h"

namespace lecter {

class RedisNotificationLogStore final : public NotificationLogStore {
 public:
  explicit RedisNotificationLogStore(RedisConfig config,
                                     std::chrono::milliseconds timeout = std::chrono::milliseconds(1000));
  ~RedisNotificationLogStore() override;
  RedisNotificationLogStore(const RedisNotificationLogStore&) = delete;
  RedisNotificationLogStore& operator=(const RedisNotificationLogStore&) = delete;

  std::optional<std::map<std::string, std::string>> load() override;
  bool write(const NotificationLogChanges& changes) override;
  void interrupt() override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lecter
