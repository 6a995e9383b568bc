#include "lecter/base/json_fields.h"

namespace lecter {

const nlohmann::json& jsonMember(const nlohmann::json& object, const char* key) {
  static const nlohmann::json kNull;
  if (!object.is_object()) return kNull;
  const auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}

std::string stringOr(const nlohmann::json& value, const std::string& fallback) {
  return value.is_string() ? value.get<std::string>() : fallback;
}

std::string stringMember(const nlohmann::json& object, const char* key) {
  return stringOr(jsonMember(object, key), std::string());
}

std::string metadataString(const nlohmann::json& object, const char* key) {
  return stringMember(jsonMember(object, "metadata"), key);
}

std::string metadataStringOr(const nlohmann::json& object, const char* key, const std::string& fallback) {
  std::string value = metadataString(object, key);
  return value.empty() ? fallback : value;
}

}  // namespace lecter
