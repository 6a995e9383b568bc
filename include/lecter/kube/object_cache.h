#pragma once
/// The objects of one kind in one namespace as a list + watch keeps them (ListWatcher fills it), read by
/// CachingKubeClient instead of the ApiServer. It is *synced* after a successful LIST and while its
/// watch is connected; while it is not (re-listing, reconnecting) readers must ask the ApiServer, so
/// nothing stale is trusted.
///
/// lecter's own writes are written through: the written object is served at once and events older than
/// it (still on their way in the watch) are ignored until the watch delivers that very version (watch
/// events of one object arrive in resourceVersion order). resourceVersions are compared only for
/// equality: Kubernetes makes them opaque.
///
/// Thread-safe: the watch thread and the reconciler's thread use it at once.

#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lecter/kube/label_selector_terms.h"
#include "lecter/kube/watch_event.h"

namespace lecter {

/// What the cache knows of one object.
struct CacheLookup {
  enum class State {
    Unknown,  // not synced, or this object must be read from the ApiServer (invalidated)
    Present,
    Absent,  // not among the watched objects
  };
  State state = State::Unknown;
  nlohmann::json object;  // when Present
};

class ObjectCache {
 public:
  /// `description` names kind and namespace for log lines ("Endpoints in prod"). `required_labels`:
  /// the equality terms of the watch's label selector; an object without them is never in the watch,
  /// so it is not kept when written through.
  explicit ObjectCache(std::string description, LabelTerms required_labels = {});

  [[nodiscard]] const std::string& description() const { return description_; }

  // --- the watch's side ------------------------------------------------------------------------------
  /// A LIST answered: the cache holds exactly `items` and is synced. Forgets every write-through and
  /// invalidation (the list is newer than all of them).
  void replace(const std::vector<nlohmann::json>& items);
  /// An ADDED, MODIFIED or DELETED event (others are ignored).
  void apply(const WatchEvent& event);
  /// Synced (watch connected) or not (re-listing, reconnecting).
  void setSynced(bool synced);
  [[nodiscard]] bool synced() const;

  // --- readers ---------------------------------------------------------------------------------------
  [[nodiscard]] CacheLookup find(const std::string& name) const;
  /// The objects for which `select` is true, by name; nullopt while not synced or while an object is
  /// invalidated (the list would not be trustworthy).
  [[nodiscard]] std::optional<std::vector<nlohmann::json>> list(
      const std::function<bool(const nlohmann::json&)>& select) const;
  /// The same for the objects carrying every label of `terms`, found through an index of the labels
  /// (a list per service must not read every object of the namespace).
  [[nodiscard]] std::optional<std::vector<nlohmann::json>> listLabelled(const LabelTerms& terms) const;
  /// Number of objects held.
  [[nodiscard]] std::size_t size() const;

  // --- lecter's writes and direct reads --------------------------------------------------------------
  /// `object` is what the ApiServer holds now (a write answered with it, or a direct read): served at
  /// once; clears an invalidation.
  void writeThrough(const nlohmann::json& object);
  /// `name` is gone (lecter deleted it, or a direct read found nothing): absent at once; clears an
  /// invalidation.
  void removeThrough(const std::string& name);
  /// A write of `name` failed with 409 Conflict or 404: the cached copy is stale. It is Unknown (read
  /// from the ApiServer) until written or read through again, or until the next LIST.
  void invalidate(const std::string& name);
  /// A direct LIST of the objects `select` picks answered `items`: each is written through, and every
  /// selected or invalidated object not among them is removed through.
  void refreshFrom(const std::vector<nlohmann::json>& items,
                   const std::function<bool(const nlohmann::json&)>& select);

 private:
  struct Entry {
    std::optional<nlohmann::json> object;
    std::deque<std::string> seen_versions;       // resourceVersions the watch delivered, newest last
    std::optional<std::string> awaited_version;  // written through; older events are ignored until it comes
    bool awaiting_delete = false;                // removed through; events are ignored until DELETED comes
    bool last_event_deleted = false;
    bool invalid = false;
  };
  /// Sets the entry's object, keeping the label index in step.
  void setObject(const std::string& name, Entry& entry, std::optional<nlohmann::json> object);
  void writeThroughLocked(const nlohmann::json& object);
  void removeThroughLocked(const std::string& name);
  void prune(const std::string& name);

  const std::string description_;
  const LabelTerms required_labels_;
  mutable std::mutex mutex_;
  bool synced_ = false;
  std::map<std::string, Entry> entries_;                   // by metadata.name
  std::map<std::string, std::set<std::string>> by_label_;  // "key=value" → names of the objects with it
  std::size_t invalid_count_ = 0;
};

}  // namespace lecter
