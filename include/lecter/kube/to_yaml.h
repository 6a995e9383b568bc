#pragma once
/// An object as YAML text: for application/yaml request bodies and for --dry-run output.

#include <string>

#include <nlohmann/json.hpp>

namespace lecter {

std::string toYaml(const nlohmann::json& object);

}  // namespace lecter
