#include "lecter/notify/notification_log.h"

#include <nlohmann/json.hpp>

#include "lecter/base/json_fields.h"
#include "lecter/obs/log.h"

namespace lecter {
namespace {

// The key in the store: the receiver's name never holds '/', so the first one ends it.
std::string storeKey(const GroupKey& key) { return key.first + "/" + key.second; }

nlohmann::json toJson(const NotifiedGroup& group) {
  nlohmann::json alerts = nlohmann::json::array();
  for (const Alert& alert : group.firing) {
    alerts.push_back({{"event", std::string(toString(alert.event))},
                      {"service", alert.service},
                      {"namespace", alert.ns},
                      {"name", alert.name},
                      {"target", alert.target},
                      {"address", alert.address},
                      {"outcome", alert.outcome},
                      {"detail", alert.detail},
                      {"starts_ms", alert.starts_ms}});
  }
  return {{"at_ms", group.at_ms}, {"firing", std::move(alerts)}};
}

long long integerMember(const nlohmann::json& object, const char* key) {
  const nlohmann::json& value = jsonMember(object, key);
  return value.is_number_integer() ? value.get<long long>() : -1;
}

/// The entry, or nullopt with `problem` set.
std::optional<NotifiedGroup> fromJson(const std::string& text, std::string& problem) {
  const nlohmann::json entry = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!entry.is_object()) {
    problem = "not a JSON object";
    return std::nullopt;
  }
  NotifiedGroup group;
  group.at_ms = integerMember(entry, "at_ms");
  if (group.at_ms < 0) {
    problem = "at_ms is not a time";
    return std::nullopt;
  }
  const nlohmann::json& alerts = jsonMember(entry, "firing");
  if (!alerts.is_array()) {
    problem = "firing is not a list";
    return std::nullopt;
  }
  for (const nlohmann::json& item : alerts) {
    const auto event = alertEventNamed(stringMember(item, "event"));
    Alert alert;
    alert.starts_ms = integerMember(item, "starts_ms");
    if (!event || alert.starts_ms < 0) {
      problem = "an alert without a known event and start";
      return std::nullopt;
    }
    alert.event = *event;
    alert.service = stringMember(item, "service");
    alert.ns = stringMember(item, "namespace");
    alert.name = stringMember(item, "name");
    alert.target = stringMember(item, "target");
    alert.address = stringMember(item, "address");
    alert.outcome = stringMember(item, "outcome");
    alert.detail = stringMember(item, "detail");
    group.firing.push_back(std::move(alert));
  }
  return group;
}

}  // namespace

NotificationLog::NotificationLog(NotificationLogStore& store) : store_(store) {}

bool NotificationLog::load() {
  const auto kept = store_.load();
  if (!kept) return false;
  for (const auto& [key, text] : *kept) {
    const std::size_t slash = key.find('/');
    std::string problem;
    auto group = slash == std::string::npos ? std::nullopt : fromJson(text, problem);
    if (!group) {
      log::warn("notification log entry '{}' cannot be read ({}); skipped", key,
                slash == std::string::npos ? "no receiver/group key" : problem);
      continue;
    }
    const GroupKey group_key{key.substr(0, slash), key.substr(slash + 1)};
    if (!recorded_.contains(group_key)) entries_[group_key] = std::move(*group);
  }
  loaded_ = true;
  return true;
}

const NotifiedGroup* NotificationLog::find(const GroupKey& key) const {
  const auto found = entries_.find(key);
  return found == entries_.end() ? nullptr : &found->second;
}

void NotificationLog::record(const GroupKey& key, NotifiedGroup group) {
  if (group.firing.empty()) {
    entries_.erase(key);
  } else {
    entries_[key] = std::move(group);
  }
  recorded_.insert(key);
  unsaved_.insert(key);
}

void NotificationLog::keepReceivers(const std::set<std::string>& receivers) {
  std::vector<GroupKey> gone;
  for (const auto& [key, group] : entries_) {
    if (!receivers.contains(key.first)) gone.push_back(key);
  }
  for (const GroupKey& key : gone) record(key, NotifiedGroup{});
}

bool NotificationLog::saveUnsaved() {
  if (unsaved_.empty()) return true;
  NotificationLogChanges changes;
  for (const GroupKey& key : unsaved_) {
    const auto entry = entries_.find(key);
    changes.emplace(storeKey(key),
                    entry == entries_.end() ? std::nullopt : std::optional(toJson(entry->second).dump()));
  }
  if (!store_.write(changes)) return false;
  unsaved_.clear();
  return true;
}

}  // namespace lecter
