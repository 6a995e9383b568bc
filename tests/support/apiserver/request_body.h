#pragma once
/// Request bodies decoded as the apiserver picks its decoder: by the Content-Type's media type, JSON or
/// YAML (sigs.k8s.io/yaml: YAML to JSON first); any other type is 415, a body that does not parse is 400.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "support/apiserver/endpoints_store.h"

namespace lecter::testing {

/// The decoded body, or the Status the apiserver answers instead.
struct DecodedBody {
  std::optional<nlohmann::json> object;
  WriteOutcome refusal;  // when !object
};

/// `media_type` without parameters, e.g. "application/json".
DecodedBody decodeRequestBody(const std::string& media_type, const std::string& body);

}  // namespace lecter::testing
