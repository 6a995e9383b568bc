#pragma once
/// YAML → JSON, the way kubectl turns a manifest into a request body.

#include <nlohmann/json.hpp>

#include "yaml_value.h"

namespace lecter::config_internal {

/// Plain integers, floats, booleans and nulls become JSON numbers, booleans and null; every other
/// scalar, and anything quoted or tagged, a string. Fails at the offending node on a key that is not
/// a plain name or is given twice, on text that is not UTF-8, on nesting deeper than 32 levels (an alias may
/// even contain itself) and beyond 10,000 nodes (aliases can multiply a small file).
nlohmann::json yamlToJson(const YamlValue& value);

}  // namespace lecter::config_internal
