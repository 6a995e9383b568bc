#include "yaml_to_json.h"

#include <cstddef>

#include "scalar_text.h"
#include "utf8_text.h"

namespace lecter::config_internal {
namespace {

constexpr int kMaxDepth = 32;
constexpr std::size_t kMaxNodes = 10'000;

nlohmann::json scalarToJson(const YamlValue& value) {
  const std::string& text = value.node().Scalar();
  // JSON holds only UTF-8: nlohmann's dump() would throw on the request body this goes into.
  if (!isUtf8(text)) value.fail("is not UTF-8 text, got " + value.describe());
  if (!value.isPlainScalar()) return text;
  if (const auto integer = parseDecimalInteger(text)) return *integer;
  if (const auto flag = parseBool(text)) return *flag;
  if (const auto number = parseFloat(text)) return *number;
  return text;
}

nlohmann::json convert(const YamlValue& value, int depth, std::size_t& nodes) {
  if (++nodes > kMaxNodes) value.fail("is too large (more than 10000 values, counting what aliases repeat)");
  if (depth > kMaxDepth) value.fail("is nested too deeply (more than 32 levels)");
  if (value.isNull()) return nullptr;
  if (value.isScalar()) return scalarToJson(value);
  if (value.isList()) {
    nlohmann::json out = nlohmann::json::array();
    std::size_t index = 0;
    for (const YAML::Node& element : value.node()) {
      out.push_back(convert(value.item(element, index++), depth + 1, nodes));
    }
    return out;
  }
  const YamlMap map(value, "a mapping");
  nlohmann::json out = nlohmann::json::object();
  for (const YamlEntry& entry : map.entries()) {
    if (!isUtf8(entry.key)) entry.key_value.fail("is not UTF-8 text");
    out[entry.key] = convert(entry.value, depth + 1, nodes);
  }
  return out;
}

}  // namespace

nlohmann::json yamlToJson(const YamlValue& value) {
  std::size_t nodes = 0;
  return convert(value, 0, nodes);
}

}  // namespace lecter::config_internal
