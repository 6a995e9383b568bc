#pragma once
/// What each receiver was last told about each group — Alertmanager's notification log. A message is
/// sent only when the alerts differ from it (or repeat_interval has passed), and it is written only
/// once a message arrived, so a message that failed is tried again and one that arrived is never sent
/// twice: not after a restart either, since the log is kept in the NotificationLogStore (Redis).

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "lecter/notify/alert.h"
#include "lecter/store/notification_log_store.h"

namespace lecter {

struct NotifiedGroup {
  std::vector<Alert> firing;  // the alerts the receiver was last told fire
  long long at_ms = 0;        // when
};

/// (receiver, group)
using GroupKey = std::pair<std::string, std::string>;

class NotificationLog {
 public:
  explicit NotificationLog(NotificationLogStore& store);

  /// Reads the entries kept by an earlier run; false (try again later) when the store cannot be read.
  /// Entries that cannot be read are skipped with a warning; groups this run already recorded keep
  /// what it recorded (it is newer).
  bool load();
  /// Messages may go out: the store was read, or is being done without.
  [[nodiscard]] bool loaded() const { return loaded_ || without_store_; }
  /// What an earlier run kept was read.
  [[nodiscard]] bool read() const { return loaded_; }
  /// Goes on without what an earlier run kept (the store stayed unreadable): a message sent just before
  /// the restart may come again. load() may still bring it in later.
  void goOnWithoutStore() { without_store_ = true; }

  [[nodiscard]] const NotifiedGroup* find(const GroupKey& key) const;
  /// The receiver was told `group`; no firing alerts: the entry goes. Kept in memory at once, and in
  /// the store at the next saveUnsaved().
  void record(const GroupKey& key, NotifiedGroup group);
  /// Removes the entries of every receiver not in `receivers` (taken out of the config).
  void keepReceivers(const std::set<std::string>& receivers);
  /// Writes every change the store does not have yet, in one exchange; false when it did not take them
  /// (they stay for the next call).
  bool saveUnsaved();
  [[nodiscard]] bool hasUnsaved() const { return !unsaved_.empty(); }
  [[nodiscard]] const std::map<GroupKey, NotifiedGroup>& entries() const { return entries_; }

 private:
  NotificationLogStore& store_;
  std::map<GroupKey, NotifiedGroup> entries_;
  std::set<GroupKey> unsaved_;
  std::set<GroupKey> recorded_;  // by this run: an earlier run's entry for them is older
  bool loaded_ = false;
  bool without_store_ = false;
};

}  // namespace lecter
