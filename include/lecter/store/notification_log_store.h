#pragma once
/// Where the alerts' notification log is kept: what each receiver was last told about each group, so
/// that a restart (or a new leader) neither sends a message twice nor forgets a firing alert. The
/// entries are text whose shape belongs to notify; the store only keeps them, by key.

#include <map>
#include <optional>
#include <string>

namespace lecter {

/// Entries to keep (text) or remove (nullopt), by key.
using NotificationLogChanges = std::map<std::string, std::optional<std::string>>;

class NotificationLogStore {
 public:
  virtual ~NotificationLogStore() = default;
  /// Every entry kept, by key; nullopt when the backend could not be read (the caller tries again
  /// before it sends anything, so a message is not sent twice for want of the log).
  virtual std::optional<std::map<std::string, std::string>> load() = 0;
  /// Keeps and removes every entry of `changes` in one exchange (however many groups a digest told).
  /// False when the backend did not take them.
  virtual bool write(const NotificationLogChanges& changes) = 0;
  /// Safe from another thread: the exchange under way ends at once and none starts after it, so that
  /// a stop does not wait for a server that hangs.
  virtual void interrupt() {}
};

/// Kept in this process only: without Redis, a restart forgets what was sent.
class MemoryNotificationLogStore final : public NotificationLogStore {
 public:
  std::optional<std::map<std::string, std::string>> load() override { return entries_; }
  bool write(const NotificationLogChanges& changes) override {
    for (const auto& [key, entry] : changes) {
      if (entry) {
        entries_[key] = *entry;
      } else {
        entries_.erase(key);
      }
    }
    return true;
  }

 private:
  std::map<std::string, std::string> entries_;
};

}  // namespace lecter
