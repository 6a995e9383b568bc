#pragma once
/// Where the alerts' notification log is kept: what each receiver was last told about each group, so
/// that a restart (or a new leader) neither sends a message twice nor forgets a firing alert. The
/// entries are text whose shape belongs to notify; the store only keeps them, by key.

#include <map>
#include <optional>
#include <string>

namespace lecter {

class NotificationLogStore {
 public:
  virtual ~NotificationLogStore() = default;
  /// Every entry kept, by key; nullopt when the backend could not be read (the caller tries again
  /// before it sends anything, so a message is not sent twice for want of the log).
  virtual std::optional<std::map<std::string, std::string>> load() = 0;
  /// Keeps `entry` under `key`, replacing what was there. False when the backend did not take it.
  virtual bool save(const std::string& key, const std::string& entry) = 0;
  /// Removes the entry under `key`. False when the backend did not take it.
  virtual bool erase(const std::string& key) = 0;
};

/// Kept in this process only: without Redis, a restart forgets what was sent.
class MemoryNotificationLogStore final : public NotificationLogStore {
 public:
  std::optional<std::map<std::string, std::string>> load() override { return entries_; }
  bool save(const std::string& key, const std::string& entry) override {
    entries_[key] = entry;
    return true;
  }
  bool erase(const std::string& key) override {
    entries_.erase(key);
    return true;
  }

 private:
  std::map<std::string, std::string> entries_;
};

}  // namespace lecter
