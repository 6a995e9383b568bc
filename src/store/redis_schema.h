#pragma once
/// How lecter's records look in Redis: the key names under the prefix and the fields of each hash
/// and stream entry. Pure: no I/O.

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "lecter/store/state_store.h"

namespace lecter::store {

/// field, value pairs in the order they are written.
using RedisFields = std::vector<std::pair<std::string, std::string>>;

/// <prefix>:target:<TargetId::key()>, a hash.
std::string targetHashKey(const std::string& prefix, const std::string& target_key);
/// <prefix>:service:<service>, a hash.
std::string serviceHashKey(const std::string& prefix, const std::string& service);
/// <prefix>:targets, the set of every target key written, so nothing ever has to scan the keyspace.
std::string targetIndexKey(const std::string& prefix);
/// <prefix>:services, the set of every service key written (since this set exists).
std::string serviceIndexKey(const std::string& prefix);
/// <prefix>:notified, a hash: the notification log (notify's entries, by receiver and group).
std::string notificationLogKey(const std::string& prefix);
/// <prefix>:transitions, a capped stream.
std::string transitionStreamKey(const std::string& prefix);

RedisFields targetFields(const TargetRecord& target);
/// `addresses` is a JSON array of strings.
RedisFields serviceFields(const ServiceRecord& service);
RedisFields transitionFields(const TransitionRecord& transition);

/// Reads a target hash back. A field that cannot be parsed keeps its default and is described in
/// `problems`; nullopt when the target cannot be identified (service, ip or port missing or bad).
std::optional<TargetRecord> parseTargetFields(const std::map<std::string, std::string>& fields,
                                              std::vector<std::string>& problems);

}  // namespace lecter::store
