#include "support/apiserver/yaml_to_json.h"

#include <yaml-cpp/yaml.h>

#include <regex>
#include <stdexcept>

namespace lecter::testing {
namespace {

using nlohmann::json;

/// A plain (unquoted) scalar resolved as YAML's core schema would: null, bool, int, float or string.
json resolvePlainScalar(const std::string& text) {
  static const std::regex kInt("[-+]?[0-9]+");
  static const std::regex kFloat(
      "[-+]?([0-9]+\\.[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+");
  if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL") return nullptr;
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  if (std::regex_match(text, kInt)) {
    try {
      return std::stoll(text);
    } catch (const std::out_of_range&) {
      return std::stod(text);
    }
  }
  if (std::regex_match(text, kFloat)) return std::stod(text);
  return text;
}

json toJson(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      // yaml-cpp tags quoted scalars "!" and plain ones "?": only plain ones may be numbers.
      return node.Tag() == "!" ? json(node.Scalar()) : resolvePlainScalar(node.Scalar());
    case YAML::NodeType::Sequence: {
      json array = json::array();
      for (const YAML::Node& item : node) array.push_back(toJson(item));
      return array;
    }
    case YAML::NodeType::Map: {
      json object = json::object();
      for (const auto& entry : node) object[entry.first.as<std::string>()] = toJson(entry.second);
      return object;
    }
    default:
      return nullptr;
  }
}

}  // namespace

json yamlToJson(const std::string& text) {
  try {
    return toJson(YAML::Load(text));
  } catch (const YAML::Exception& e) {
    throw std::runtime_error(std::string("error converting YAML to JSON: yaml: ") + e.what());
  }
}

}  // namespace lecter::testing
