#pragma once
/// YAML request bodies, turned into JSON as the ApiServer does (sigs.k8s.io/yaml: YAML → JSON, then
/// the JSON decoder), so `port: 5432` is a number and `port: "5432"` a string.

#include <string>

#include <nlohmann/json.hpp>

namespace lecter::testing {

/// Parses one YAML document. Throws std::runtime_error with the parser's message and position.
nlohmann::json yamlToJson(const std::string& text);

}  // namespace lecter::testing
