#pragma once
/// The fixture's one resourceVersion counter (etcd's revision: one sequence for every kind) and the
/// log of changes that watches replay. Every store of the fixture takes its resourceVersions from here
/// and records each change here, so a watch from resourceVersion RV sees exactly the changes after RV,
/// and the newest non-DELETED change of each object is the current set that lists serve.
/// Not thread-safe: the fixture locks around it.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

namespace lecter::testing {

/// One change of one object, as a watch event carries it.
struct ObjectChange {
  std::uint64_t resource_version = 0;
  std::string resource;  // the URL's resource: "endpoints", "services", "endpointslices"
  std::string type;      // ADDED, MODIFIED, DELETED
  /// The object after the change (for DELETED: as it was, with a new resourceVersion). Shared, never
  /// changed: every watch and the history hold the same one, as the watch cache does.
  std::shared_ptr<const nlohmann::json> object;
  /// The object before the change; none when it did not exist. The watch cache keeps it (PrevObject)
  /// to tell a watcher with a selector that an object started or stopped matching.
  std::shared_ptr<const nlohmann::json> previous;
};

class ObjectHistory {
 public:
  /// The next resourceVersion, as text (resourceVersions are opaque strings to clients).
  std::string nextResourceVersion();
  /// The newest resourceVersion handed out (a list's metadata.resourceVersion).
  [[nodiscard]] std::uint64_t current() const { return current_; }
  /// Records a change of the object named by `object.metadata.{namespace,name}`;
  /// `object.metadata.resourceVersion` must be one handed out by nextResourceVersion().
  void record(const std::string& resource, const std::string& type, nlohmann::json object);
  /// Every change recorded and not compacted away, oldest first.
  [[nodiscard]] const std::vector<ObjectChange>& changes() const { return changes_; }
  /// Called after every record() and compact(), under the same lock (the fixture wakes its watches).
  void onChange(std::function<void()> listener) { listener_ = std::move(listener); }

  /// The changes of `resource` with a resourceVersion above `after`, oldest first.
  [[nodiscard]] std::vector<ObjectChange> changesAfter(const std::string& resource,
                                                       std::uint64_t after) const;
  /// The objects of `resource` that exist now (newest change of each not DELETED), in namespace `ns`
  /// (every namespace when empty), ordered by namespace then name as etcd's key order gives them.
  [[nodiscard]] std::vector<nlohmann::json> currentObjects(const std::string& resource,
                                                           const std::string& ns) const;

  /// Compacts the history as etcd compaction does: only the newest change of each existing object is
  /// kept, and every resourceVersion up to now becomes too old to watch from. The counter moves on by
  /// one first (as etcd's revision does with writes to other keys), so a list made afterwards returns
  /// a resourceVersion that can be watched from.
  void compact();
  /// The oldest resourceVersion a watch may start from; the changes after an older one are gone (410).
  [[nodiscard]] std::uint64_t oldestWatchable() const { return oldest_watchable_; }

 private:
  using ObjectKey = std::tuple<std::string, std::string, std::string>;  // resource, namespace, name

  std::uint64_t current_ = 1000;
  std::uint64_t oldest_watchable_ = 0;
  std::vector<ObjectChange> changes_;
  std::map<ObjectKey, std::shared_ptr<const nlohmann::json>> existing_;  // the newest state of each
  std::function<void()> listener_;
};

}  // namespace lecter::testing
