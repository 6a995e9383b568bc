#include "lecter/kube/object_cache.h"

#include <algorithm>
#include <set>
#include <utility>

#include "lecter/base/json_fields.h"

namespace lecter {
namespace {

using nlohmann::json;

/// resourceVersions remembered per object: enough to recognise a version that a write or direct read
/// returned after the watch had already delivered it.
constexpr std::size_t kSeenVersions = 16;

/// "key=value" for each label of `object`, the keys of the label index.
std::vector<std::string> labelPairsOf(const json& object) {
  std::vector<std::string> pairs;
  const json& labels = jsonMember(jsonMember(object, "metadata"), "labels");
  if (!labels.is_object()) return pairs;
  for (const auto& [key, value] : labels.items()) {
    if (value.is_string()) pairs.push_back(key + "=" + value.get_ref<const std::string&>());
  }
  return pairs;
}

}  // namespace

void ObjectCache::setObject(const std::string& name, Entry& entry, std::optional<json> object) {
  if (entry.object) {
    for (const auto& pair : labelPairsOf(*entry.object)) {
      const auto it = by_label_.find(pair);
      if (it == by_label_.end()) continue;
      it->second.erase(name);
      if (it->second.empty()) by_label_.erase(it);
    }
  }
  entry.object = std::move(object);
  if (entry.object) {
    for (const auto& pair : labelPairsOf(*entry.object)) by_label_[pair].insert(name);
  }
}

ObjectCache::ObjectCache(std::string description, LabelTerms required_labels)
    : description_(std::move(description)), required_labels_(std::move(required_labels)) {}

void ObjectCache::replace(const std::vector<json>& items) {
  std::lock_guard lock(mutex_);
  entries_.clear();
  by_label_.clear();
  invalid_count_ = 0;
  for (const auto& item : items) {
    const std::string name = metadataString(item, "name");
    if (name.empty()) continue;
    Entry& entry = entries_[name];
    setObject(name, entry, item);
    entry.seen_versions.push_back(metadataString(item, "resourceVersion"));
  }
  synced_ = true;
}

void ObjectCache::apply(const WatchEvent& event) {
  if (event.type != WatchEvent::Type::Added && event.type != WatchEvent::Type::Modified &&
      event.type != WatchEvent::Type::Deleted)
    return;
  const std::string name = event.name();
  if (name.empty()) return;
  const std::string version = event.resourceVersion();
  const bool deleted = event.type == WatchEvent::Type::Deleted;

  std::lock_guard lock(mutex_);
  Entry& entry = entries_[name];
  entry.seen_versions.push_back(version);
  if (entry.seen_versions.size() > kSeenVersions) entry.seen_versions.pop_front();
  entry.last_event_deleted = deleted;

  if (entry.awaited_version) {
    // Until lecter's own write comes back through the watch, every event of the object is older than
    // it (a later change, a deletion included, can only follow it) and must not undo it.
    if (version != *entry.awaited_version) return;
    entry.awaited_version.reset();
  } else if (entry.awaiting_delete) {
    if (!deleted) return;
    entry.awaiting_delete = false;
  }
  setObject(name, entry, deleted ? std::nullopt : std::optional<json>(event.object));
  prune(name);
}

void ObjectCache::setSynced(bool synced) {
  std::lock_guard lock(mutex_);
  synced_ = synced;
}

bool ObjectCache::synced() const {
  std::lock_guard lock(mutex_);
  return synced_;
}

CacheLookup ObjectCache::find(const std::string& name) const {
  std::lock_guard lock(mutex_);
  if (!synced_) return {};
  const auto it = entries_.find(name);
  if (it == entries_.end()) return CacheLookup{CacheLookup::State::Absent, nullptr};
  if (it->second.invalid) return {};
  if (!it->second.object) return CacheLookup{CacheLookup::State::Absent, nullptr};
  return CacheLookup{CacheLookup::State::Present, *it->second.object};
}

std::optional<std::vector<json>> ObjectCache::list(const std::function<bool(const json&)>& select) const {
  std::lock_guard lock(mutex_);
  if (!synced_ || invalid_count_ > 0) return std::nullopt;
  std::vector<json> out;
  for (const auto& [name, entry] : entries_) {
    if (entry.object && select(*entry.object)) out.push_back(*entry.object);
  }
  return out;
}

std::optional<std::vector<json>> ObjectCache::listLabelled(const LabelTerms& terms) const {
  std::lock_guard lock(mutex_);
  if (!synced_ || invalid_count_ > 0) return std::nullopt;
  std::vector<json> out;
  if (terms.empty()) {
    for (const auto& [name, entry] : entries_) {
      if (entry.object) out.push_back(*entry.object);
    }
    return out;
  }
  // The objects carrying the rarest of the terms' labels, checked for the others.
  const std::set<std::string>* candidates = nullptr;
  for (const auto& [key, value] : terms) {
    const auto it = by_label_.find(key + "=" + value);
    if (it == by_label_.end()) return out;
    if (candidates == nullptr || it->second.size() < candidates->size()) candidates = &it->second;
  }
  if (candidates == nullptr) return out;
  for (const auto& name : *candidates) {
    const auto it = entries_.find(name);
    if (it != entries_.end() && it->second.object && carriesLabels(*it->second.object, terms))
      out.push_back(*it->second.object);
  }
  return out;
}

std::size_t ObjectCache::size() const {
  std::lock_guard lock(mutex_);
  return static_cast<std::size_t>(std::count_if(entries_.begin(), entries_.end(),
                                                [](const auto& e) { return e.second.object.has_value(); }));
}

void ObjectCache::writeThrough(const json& object) {
  std::lock_guard lock(mutex_);
  writeThroughLocked(object);
}

void ObjectCache::removeThrough(const std::string& name) {
  std::lock_guard lock(mutex_);
  removeThroughLocked(name);
}

void ObjectCache::refreshFrom(const std::vector<json>& items,
                              const std::function<bool(const json&)>& select) {
  std::lock_guard lock(mutex_);
  std::vector<std::string> listed;
  for (const auto& item : items) {
    listed.push_back(metadataString(item, "name"));
    writeThroughLocked(item);
  }
  std::vector<std::string> gone;
  for (const auto& [name, entry] : entries_) {
    if (std::find(listed.begin(), listed.end(), name) != listed.end()) continue;
    if (entry.invalid || (entry.object && select(*entry.object))) gone.push_back(name);
  }
  for (const auto& name : gone) removeThroughLocked(name);
}

void ObjectCache::writeThroughLocked(const json& object) {
  const std::string name = metadataString(object, "name");
  if (name.empty()) return;
  const std::string version = metadataString(object, "resourceVersion");
  if (!carriesLabels(object, required_labels_)) {
    // Never in the watch: readers keep asking the ApiServer for it.
    const auto it = entries_.find(name);
    if (it != entries_.end() && it->second.invalid) {
      it->second.invalid = false;
      --invalid_count_;
      setObject(name, it->second, std::nullopt);
      prune(name);
    }
    return;
  }
  Entry& entry = entries_[name];
  if (entry.invalid) {
    entry.invalid = false;
    --invalid_count_;
  }
  entry.awaiting_delete = false;
  const bool delivered =
      std::find(entry.seen_versions.begin(), entry.seen_versions.end(), version) != entry.seen_versions.end();
  if (delivered) return;  // the watch was quicker: the cache holds this version or a newer one
  setObject(name, entry, object);
  entry.awaited_version = version;
}

void ObjectCache::removeThroughLocked(const std::string& name) {
  const auto it = entries_.find(name);
  if (it == entries_.end()) return;
  Entry& entry = it->second;
  if (entry.invalid) {
    entry.invalid = false;
    --invalid_count_;
  }
  setObject(name, entry, std::nullopt);
  entry.awaited_version.reset();
  // Unless the watch has delivered the deletion already, earlier events of the object are on their way.
  entry.awaiting_delete = !entry.last_event_deleted;
  prune(name);
}

void ObjectCache::invalidate(const std::string& name) {
  std::lock_guard lock(mutex_);
  Entry& entry = entries_[name];
  if (!entry.invalid) {
    entry.invalid = true;
    ++invalid_count_;
  }
  entry.awaited_version.reset();
  entry.awaiting_delete = false;
}

void ObjectCache::prune(const std::string& name) {
  // An absent object nobody waits for needs no entry (its seen versions cannot matter any more).
  const auto it = entries_.find(name);
  if (it == entries_.end()) return;
  const Entry& entry = it->second;
  if (!entry.object && !entry.invalid && !entry.awaited_version && !entry.awaiting_delete) entries_.erase(it);
}

}  // namespace lecter
