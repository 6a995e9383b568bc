#include "support/apiserver/json_fields.h"

namespace lecter::testing {

using nlohmann::json;

const json& member(const json& object, const char* key) {
  static const json kNull;
  if (!object.is_object()) return kNull;
  const auto it = object.find(key);
  return it != object.end() ? *it : kNull;
}

std::string stringAt(const json& object, const char* key) {
  const json& value = member(object, key);
  return value.is_string() ? value.get<std::string>() : std::string();
}

const json& arrayAt(const json& object, const char* key) {
  static const json kEmpty = json::array();
  const json& value = member(object, key);
  return value.is_array() ? value : kEmpty;
}

std::string metadataString(const json& object, const char* key) {
  return stringAt(member(object, "metadata"), key);
}

std::string jsonTypeName(const json& value) {
  if (value.is_string()) return "string";
  if (value.is_number()) return "number";
  if (value.is_boolean()) return "bool";
  if (value.is_array()) return "array";
  return "object";
}

}  // namespace lecter::testing
