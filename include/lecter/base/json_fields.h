#pragma once
/// Tolerant readers for fields of Kubernetes JSON objects: a missing field, or a field of the wrong type,
/// reads as null or "" instead of throwing.

#include <nlohmann/json.hpp>
#include <string>

namespace lecter {

/// object[key], or a JSON null when `object` is not an object or has no such key.
const nlohmann::json& jsonMember(const nlohmann::json& object, const char* key);

/// `value` when it is a string, else `fallback`.
std::string stringOr(const nlohmann::json& value, const std::string& fallback);

/// object[key] when it is a string, else "".
std::string stringMember(const nlohmann::json& object, const char* key);

/// object.metadata[key] when it is a string, else "".
std::string metadataString(const nlohmann::json& object, const char* key);

/// object.metadata[key] when it is a non-empty string, else `fallback` (for log lines).
std::string metadataStringOr(const nlohmann::json& object, const char* key, const std::string& fallback);

}  // namespace lecter
